using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Inventory.Domain.Persistence.Sqlite.Migrations
{
    /// <inheritdoc />
    public partial class GridIndexes : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<int>(
                name: "ItemCount",
                table: "Instances",
                type: "INTEGER",
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

            // The SKU search index (see SqliteSkuSearch), filled from the stock there is and kept in step
            // with it by triggers, in the same transactions as every insert and delete of an item.
            migrationBuilder.Sql("""
                CREATE VIRTUAL TABLE "StockSearch" USING fts5(
                    "Instance", "SkuKey", tokenize = 'trigram case_sensitive 1', content = '', contentless_delete = 1);
                INSERT INTO "StockSearch" (rowid, "Instance", "SkuKey")
                    SELECT "Id", char(1) || "InstanceId" || char(1), "SkuKey" FROM "StockItems";
                CREATE TRIGGER "StockItems_Search_Insert" AFTER INSERT ON "StockItems" BEGIN
                    INSERT INTO "StockSearch" (rowid, "Instance", "SkuKey")
                        VALUES (new."Id", char(1) || new."InstanceId" || char(1), new."SkuKey");
                END;
                CREATE TRIGGER "StockItems_Search_Delete" AFTER DELETE ON "StockItems" BEGIN
                    DELETE FROM "StockSearch" WHERE rowid = old."Id";
                END;
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""
                DROP TRIGGER "StockItems_Search_Insert";
                DROP TRIGGER "StockItems_Search_Delete";
                DROP TABLE "StockSearch";
                """);

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
        }
    }
}
