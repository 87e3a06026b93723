using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Inventory.Domain.Persistence.Sqlite.Migrations
{
    /// <inheritdoc />
    public partial class PreviewAndUndo : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.RenameColumn(
                name: "Outcome",
                table: "Imports",
                newName: "Status");

            migrationBuilder.AddColumn<long>(
                name: "ClearId",
                table: "StockMovements",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "Tracking",
                table: "StockMovements",
                type: "INTEGER",
                maxLength: 16,
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<DateTime>(
                name: "AppliedAt",
                table: "Imports",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "AppliedBy",
                table: "Imports",
                type: "TEXT",
                maxLength: 100,
                nullable: true);

            migrationBuilder.AddColumn<DateTime>(
                name: "CountedAt",
                table: "Imports",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "ErrorCount",
                table: "Imports",
                type: "INTEGER",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<DateTime>(
                name: "UndoneAt",
                table: "Imports",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "UndoneBy",
                table: "Imports",
                type: "TEXT",
                maxLength: 100,
                nullable: true);

            migrationBuilder.CreateTable(
                name: "Clears",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    InstanceId = table.Column<int>(type: "INTEGER", nullable: false),
                    User = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    At = table.Column<DateTime>(type: "TEXT", nullable: false),
                    Everything = table.Column<bool>(type: "INTEGER", nullable: false),
                    Cleared = table.Column<int>(type: "INTEGER", nullable: false),
                    UndoneAt = table.Column<DateTime>(type: "TEXT", nullable: true),
                    UndoneBy = table.Column<string>(type: "TEXT", maxLength: 100, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Clears", x => x.Id);
                    table.ForeignKey(
                        name: "FK_Clears_Instances_InstanceId",
                        column: x => x.InstanceId,
                        principalTable: "Instances",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_StockMovements_ClearId",
                table: "StockMovements",
                column: "ClearId",
                filter: "\"ClearId\" IS NOT NULL");

            migrationBuilder.CreateIndex(
                name: "IX_StockMovements_ImportId",
                table: "StockMovements",
                column: "ImportId",
                filter: "\"ImportId\" IS NOT NULL");

            migrationBuilder.CreateIndex(
                name: "IX_StockMovements_OrderFlowSince",
                table: "StockMovements",
                columns: new[] { "InstanceId", "At" },
                filter: "\"Reason\" IN ('Accept', 'Restock')");

            migrationBuilder.CreateIndex(
                name: "IX_Clears_InstanceId",
                table: "Clears",
                column: "InstanceId");

            // A previewed file's rows, read and written only by the import's own SQL (ImportRowsSql), so
            // outside the EF model: keyed by import, then in the stock's own (SKU, warehouse) order.
            migrationBuilder.Sql("""
                CREATE TABLE "ImportRows" (
                    "ImportId" INTEGER NOT NULL, "SkuKey" TEXT NOT NULL, "WarehouseKey" TEXT NOT NULL,
                    "Sku" TEXT NULL, "Warehouse" TEXT NULL, "Counted" INTEGER NOT NULL, "Quantity" INTEGER NOT NULL,
                    PRIMARY KEY ("ImportId", "SkuKey", "WarehouseKey")) WITHOUT ROWID;
                """);
            // Clears so far stopped tracking what they cleared; applied imports were applied when uploaded.
            migrationBuilder.Sql("""UPDATE "StockMovements" SET "Tracking" = -1 WHERE "Reason" = 'Clear';""");
            migrationBuilder.Sql("""UPDATE "Imports" SET "AppliedAt" = "At", "AppliedBy" = "User" WHERE "Status" = 'Applied';""");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""DROP TABLE "ImportRows";""");

            migrationBuilder.DropTable(
                name: "Clears");

            migrationBuilder.DropIndex(
                name: "IX_StockMovements_ClearId",
                table: "StockMovements");

            migrationBuilder.DropIndex(
                name: "IX_StockMovements_ImportId",
                table: "StockMovements");

            migrationBuilder.DropIndex(
                name: "IX_StockMovements_OrderFlowSince",
                table: "StockMovements");

            migrationBuilder.DropColumn(
                name: "ClearId",
                table: "StockMovements");

            migrationBuilder.DropColumn(
                name: "Tracking",
                table: "StockMovements");

            migrationBuilder.DropColumn(
                name: "AppliedAt",
                table: "Imports");

            migrationBuilder.DropColumn(
                name: "AppliedBy",
                table: "Imports");

            migrationBuilder.DropColumn(
                name: "CountedAt",
                table: "Imports");

            migrationBuilder.DropColumn(
                name: "ErrorCount",
                table: "Imports");

            migrationBuilder.DropColumn(
                name: "UndoneAt",
                table: "Imports");

            migrationBuilder.DropColumn(
                name: "UndoneBy",
                table: "Imports");

            migrationBuilder.RenameColumn(
                name: "Status",
                table: "Imports",
                newName: "Outcome");
        }
    }
}
