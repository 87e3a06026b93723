using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Inventory.Domain.Persistence.Postgres.Migrations
{
    /// <inheritdoc />
    public partial class GridIndexes : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AlterColumn<string>(
                name: "WarehouseKey",
                table: "StockItems",
                type: "character varying(32)",
                maxLength: 32,
                nullable: false,
                collation: "C",
                oldClrType: typeof(string),
                oldType: "character varying(32)",
                oldMaxLength: 32);

            migrationBuilder.AlterColumn<string>(
                name: "SkuKey",
                table: "StockItems",
                type: "character varying(100)",
                maxLength: 100,
                nullable: false,
                collation: "C",
                oldClrType: typeof(string),
                oldType: "character varying(100)",
                oldMaxLength: 100);

            migrationBuilder.AddColumn<int>(
                name: "ItemCount",
                table: "Instances",
                type: "integer",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.CreateIndex(
                name: "IX_StockItems_InstanceId_Quantity_SkuKey_WarehouseKey",
                table: "StockItems",
                columns: new[] { "InstanceId", "Quantity", "SkuKey", "WarehouseKey" });

            migrationBuilder.CreateIndex(
                name: "IX_StockItems_InstanceId_UpdatedAt_Id",
                table: "StockItems",
                columns: new[] { "InstanceId", "UpdatedAt", "Id" });

            migrationBuilder.CreateIndex(
                name: "IX_StockItems_InstanceId_WarehouseKey_Quantity_SkuKey",
                table: "StockItems",
                columns: new[] { "InstanceId", "WarehouseKey", "Quantity", "SkuKey" });

            migrationBuilder.CreateIndex(
                name: "IX_StockItems_InstanceId_WarehouseKey_SkuKey",
                table: "StockItems",
                columns: new[] { "InstanceId", "WarehouseKey", "SkuKey" });

            // The count the grid shows, from here on kept by the import and Clear Inventory.
            migrationBuilder.Sql("""
                UPDATE "Instances" SET "ItemCount" = (SELECT count(*) FROM "StockItems" s WHERE s."InstanceId" = "Instances"."Id");
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_StockItems_InstanceId_Quantity_SkuKey_WarehouseKey",
                table: "StockItems");

            migrationBuilder.DropIndex(
                name: "IX_StockItems_InstanceId_UpdatedAt_Id",
                table: "StockItems");

            migrationBuilder.DropIndex(
                name: "IX_StockItems_InstanceId_WarehouseKey_Quantity_SkuKey",
                table: "StockItems");

            migrationBuilder.DropIndex(
                name: "IX_StockItems_InstanceId_WarehouseKey_SkuKey",
                table: "StockItems");

            migrationBuilder.DropColumn(
                name: "ItemCount",
                table: "Instances");

            migrationBuilder.AlterColumn<string>(
                name: "WarehouseKey",
                table: "StockItems",
                type: "character varying(32)",
                maxLength: 32,
                nullable: false,
                oldClrType: typeof(string),
                oldType: "character varying(32)",
                oldMaxLength: 32,
                oldCollation: "C");

            migrationBuilder.AlterColumn<string>(
                name: "SkuKey",
                table: "StockItems",
                type: "character varying(100)",
                maxLength: 100,
                nullable: false,
                oldClrType: typeof(string),
                oldType: "character varying(100)",
                oldMaxLength: 100,
                oldCollation: "C");
        }
    }
}
