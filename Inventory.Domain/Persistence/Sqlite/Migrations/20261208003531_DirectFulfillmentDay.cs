using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Inventory.Domain.Persistence.Sqlite.Migrations
{
    /// <inheritdoc />
    public partial class DirectFulfillmentDay : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<bool>(
                name: "PackingSlipRequired",
                table: "Orders",
                type: "INTEGER",
                nullable: false,
                defaultValue: false);

            migrationBuilder.AddColumn<string>(
                name: "Currency",
                table: "OrderLines",
                type: "TEXT",
                maxLength: 3,
                nullable: true);

            migrationBuilder.AddColumn<decimal>(
                name: "NetPrice",
                table: "OrderLines",
                type: "TEXT",
                precision: 18,
                scale: 4,
                nullable: true);

            migrationBuilder.AddColumn<decimal>(
                name: "Tax",
                table: "OrderLines",
                type: "TEXT",
                precision: 18,
                scale: 4,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "InvoicePrefix",
                table: "Instances",
                type: "TEXT",
                maxLength: 20,
                nullable: false,
                defaultValue: "INV-");

            migrationBuilder.AddColumn<int>(
                name: "NextInvoiceNumber",
                table: "Instances",
                type: "INTEGER",
                nullable: false,
                defaultValue: 1);

            migrationBuilder.AddColumn<bool>(
                name: "SendInvoices",
                table: "Instances",
                type: "INTEGER",
                nullable: false,
                defaultValue: false);

            migrationBuilder.CreateTable(
                name: "FeedTransactions",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    InstanceId = table.Column<int>(type: "INTEGER", nullable: false),
                    Warehouse = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    ItemCount = table.Column<int>(type: "INTEGER", nullable: false),
                    CursorFrom = table.Column<long>(type: "INTEGER", nullable: false),
                    TransactionId = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    SentAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    Outcome = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    AnsweredAt = table.Column<DateTime>(type: "TEXT", nullable: true),
                    Refusal = table.Column<string>(type: "TEXT", maxLength: 500, nullable: true),
                    NextCheckAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    Checks = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_FeedTransactions", x => x.Id);
                    table.ForeignKey(
                        name: "FK_FeedTransactions_Instances_InstanceId",
                        column: x => x.InstanceId,
                        principalTable: "Instances",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "Invoices",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    InstanceId = table.Column<int>(type: "INTEGER", nullable: false),
                    OrderId = table.Column<long>(type: "INTEGER", nullable: false),
                    Number = table.Column<string>(type: "TEXT", maxLength: 40, nullable: false),
                    IssuedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    Currency = table.Column<string>(type: "TEXT", maxLength: 3, nullable: false),
                    NetTotal = table.Column<decimal>(type: "TEXT", precision: 18, scale: 4, nullable: false),
                    TaxTotal = table.Column<decimal>(type: "TEXT", precision: 18, scale: 4, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Invoices", x => x.Id);
                    table.ForeignKey(
                        name: "FK_Invoices_Orders_OrderId",
                        column: x => x.OrderId,
                        principalTable: "Orders",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "ItemMap",
                columns: table => new
                {
                    InstanceId = table.Column<int>(type: "INTEGER", nullable: false),
                    ProductIdKey = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    ProductId = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    Sku = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    SkuKey = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    UpdatedAt = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ItemMap", x => new { x.InstanceId, x.ProductIdKey });
                    table.ForeignKey(
                        name: "FK_ItemMap_Instances_InstanceId",
                        column: x => x.InstanceId,
                        principalTable: "Instances",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "OrderPackages",
                columns: table => new
                {
                    OrderId = table.Column<long>(type: "INTEGER", nullable: false),
                    Number = table.Column<int>(type: "INTEGER", nullable: false),
                    TrackingNumber = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    ShipMethod = table.Column<string>(type: "TEXT", maxLength: 64, nullable: true),
                    Format = table.Column<string>(type: "TEXT", maxLength: 8, nullable: false),
                    Content = table.Column<byte[]>(type: "BLOB", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_OrderPackages", x => new { x.OrderId, x.Number });
                    table.ForeignKey(
                        name: "FK_OrderPackages_Orders_OrderId",
                        column: x => x.OrderId,
                        principalTable: "Orders",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "OrderPackingSlips",
                columns: table => new
                {
                    OrderId = table.Column<long>(type: "INTEGER", nullable: false),
                    ContentType = table.Column<string>(type: "TEXT", maxLength: 40, nullable: false),
                    Content = table.Column<byte[]>(type: "BLOB", nullable: false),
                    FetchedAt = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_OrderPackingSlips", x => x.OrderId);
                    table.ForeignKey(
                        name: "FK_OrderPackingSlips_Orders_OrderId",
                        column: x => x.OrderId,
                        principalTable: "Orders",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_FeedTransactions_InstanceId_Id",
                table: "FeedTransactions",
                columns: new[] { "InstanceId", "Id" });

            migrationBuilder.CreateIndex(
                name: "IX_FeedTransactions_NextCheckAt",
                table: "FeedTransactions",
                column: "NextCheckAt",
                filter: "\"Outcome\" = 'Pending'");

            migrationBuilder.CreateIndex(
                name: "IX_Invoices_InstanceId_Number",
                table: "Invoices",
                columns: new[] { "InstanceId", "Number" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_Invoices_OrderId",
                table: "Invoices",
                column: "OrderId",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_ItemMap_InstanceId_SkuKey",
                table: "ItemMap",
                columns: new[] { "InstanceId", "SkuKey" });

            // Each order's one label so far becomes its package 1, with the order's tracking number and ship method.
            migrationBuilder.Sql("""
                INSERT INTO "OrderPackages" ("OrderId", "Number", "TrackingNumber", "ShipMethod", "Format", "Content")
                SELECT l."OrderId", 1, COALESCE(o."TrackingNumber", ''), o."ShipMethod", l."Format", l."Content"
                FROM "OrderLabels" l JOIN "Orders" o ON o."Id" = l."OrderId"
                """);

            migrationBuilder.DropTable(
                name: "OrderLabels");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "FeedTransactions");

            migrationBuilder.DropTable(
                name: "Invoices");

            migrationBuilder.DropTable(
                name: "ItemMap");


            migrationBuilder.DropTable(
                name: "OrderPackingSlips");

            migrationBuilder.DropColumn(
                name: "PackingSlipRequired",
                table: "Orders");

            migrationBuilder.DropColumn(
                name: "Currency",
                table: "OrderLines");

            migrationBuilder.DropColumn(
                name: "NetPrice",
                table: "OrderLines");

            migrationBuilder.DropColumn(
                name: "Tax",
                table: "OrderLines");

            migrationBuilder.DropColumn(
                name: "InvoicePrefix",
                table: "Instances");

            migrationBuilder.DropColumn(
                name: "NextInvoiceNumber",
                table: "Instances");

            migrationBuilder.DropColumn(
                name: "SendInvoices",
                table: "Instances");

            migrationBuilder.CreateTable(
                name: "OrderLabels",
                columns: table => new
                {
                    OrderId = table.Column<long>(type: "INTEGER", nullable: false),
                    Content = table.Column<byte[]>(type: "BLOB", nullable: false),
                    Format = table.Column<string>(type: "TEXT", maxLength: 8, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_OrderLabels", x => x.OrderId);
                    table.ForeignKey(
                        name: "FK_OrderLabels_Orders_OrderId",
                        column: x => x.OrderId,
                        principalTable: "Orders",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.Sql("""
                INSERT INTO "OrderLabels" ("OrderId", "Format", "Content")
                SELECT "OrderId", "Format", "Content" FROM "OrderPackages" WHERE "Number" = 1
                """);

            migrationBuilder.DropTable(
                name: "OrderPackages");
        }
    }
}
