using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Inventory.Domain.Persistence.Postgres.Migrations
{
    /// <inheritdoc />
    public partial class LowStockAndUntracked : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<int>(
                name: "LowStockThreshold",
                table: "Instances",
                type: "integer",
                nullable: true);

            migrationBuilder.AddColumn<bool>(
                name: "UntrackedCountsAsShort",
                table: "Instances",
                type: "boolean",
                nullable: false,
                defaultValue: false);

            migrationBuilder.CreateIndex(
                name: "IX_StockMovements_OrderId",
                table: "StockMovements",
                column: "OrderId",
                filter: "\"OrderId\" IS NOT NULL");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_StockMovements_OrderId",
                table: "StockMovements");

            migrationBuilder.DropColumn(
                name: "LowStockThreshold",
                table: "Instances");

            migrationBuilder.DropColumn(
                name: "UntrackedCountsAsShort",
                table: "Instances");
        }
    }
}
