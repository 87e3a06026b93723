using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Inventory.Domain.Persistence.Sqlite.Migrations
{
    /// <inheritdoc />
    public partial class OrderIntakeAndImportOrder : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_StockItems_InstanceId_SkuKey",
                table: "StockItems");

            migrationBuilder.DropIndex(
                name: "IX_StockItems_InstanceId_WarehouseKey_SkuKey",
                table: "StockItems");

            migrationBuilder.AddColumn<string>(
                name: "CancelReason",
                table: "Orders",
                type: "TEXT",
                maxLength: 200,
                nullable: true);

            migrationBuilder.AddColumn<DateTime>(
                name: "CancelledAt",
                table: "Orders",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<DateTime>(
                name: "ShipBy",
                table: "Orders",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<DateTime>(
                name: "LastSyncAt",
                table: "Instances",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "LastSyncError",
                table: "Instances",
                type: "TEXT",
                maxLength: 500,
                nullable: true);

            migrationBuilder.AddColumn<bool>(
                name: "SimulateOrders",
                table: "Instances",
                type: "INTEGER",
                nullable: false,
                defaultValue: false);

            migrationBuilder.CreateIndex(
                name: "IX_StockItems_InstanceId_SkuKey_WarehouseKey",
                table: "StockItems",
                columns: new[] { "InstanceId", "SkuKey", "WarehouseKey" },
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_StockItems_InstanceId_SkuKey_WarehouseKey",
                table: "StockItems");

            migrationBuilder.DropColumn(
                name: "CancelReason",
                table: "Orders");

            migrationBuilder.DropColumn(
                name: "CancelledAt",
                table: "Orders");

            migrationBuilder.DropColumn(
                name: "ShipBy",
                table: "Orders");

            migrationBuilder.DropColumn(
                name: "LastSyncAt",
                table: "Instances");

            migrationBuilder.DropColumn(
                name: "LastSyncError",
                table: "Instances");

            migrationBuilder.DropColumn(
                name: "SimulateOrders",
                table: "Instances");

            migrationBuilder.CreateIndex(
                name: "IX_StockItems_InstanceId_SkuKey",
                table: "StockItems",
                columns: new[] { "InstanceId", "SkuKey" });

            migrationBuilder.CreateIndex(
                name: "IX_StockItems_InstanceId_WarehouseKey_SkuKey",
                table: "StockItems",
                columns: new[] { "InstanceId", "WarehouseKey", "SkuKey" },
                unique: true);
        }
    }
}
