using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Inventory.Domain.Persistence.Sqlite.Migrations
{
    /// <inheritdoc />
    public partial class WarehouseQuantityIndex : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateIndex(
                name: "IX_StockItems_InstanceId_WarehouseKey_Quantity_SkuKey",
                table: "StockItems",
                columns: new[] { "InstanceId", "WarehouseKey", "Quantity", "SkuKey" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_StockItems_InstanceId_WarehouseKey_Quantity_SkuKey",
                table: "StockItems");
        }
    }
}
