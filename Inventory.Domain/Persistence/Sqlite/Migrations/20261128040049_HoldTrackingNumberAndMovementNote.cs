using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Inventory.Domain.Persistence.Sqlite.Migrations
{
    /// <inheritdoc />
    public partial class HoldTrackingNumberAndMovementNote : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.RenameColumn(
                name: "Label",
                table: "Orders",
                newName: "TrackingNumber");

            migrationBuilder.AddColumn<string>(
                name: "Note",
                table: "StockMovements",
                type: "TEXT",
                maxLength: 200,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "Hold",
                table: "Orders",
                type: "TEXT",
                maxLength: 16,
                nullable: false,
                defaultValue: "None");

            migrationBuilder.AddColumn<string>(
                name: "HoldDetail",
                table: "Orders",
                type: "TEXT",
                maxLength: 200,
                nullable: true);

            // The held state used to be display text in "Error": carry it over as the typed value.
            migrationBuilder.Sql("""
                UPDATE "Orders" SET "Hold" = 'NoInventory' WHERE "Error" = 'No inventory';
                UPDATE "Orders" SET "Hold" = 'LabelFailed', "HoldDetail" = substr("Error", 15) WHERE "Error" LIKE 'Label failed: %';
                """);

            migrationBuilder.DropColumn(
                name: "Error",
                table: "Orders");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "Error",
                table: "Orders",
                type: "TEXT",
                maxLength: 100,
                nullable: true);

            migrationBuilder.Sql("""
                UPDATE "Orders" SET "Error" = 'No inventory' WHERE "Hold" = 'NoInventory';
                UPDATE "Orders" SET "Error" = substr('Label failed: ' || COALESCE("HoldDetail", ''), 1, 100) WHERE "Hold" = 'LabelFailed';
                """);

            migrationBuilder.DropColumn(
                name: "Note",
                table: "StockMovements");

            migrationBuilder.DropColumn(
                name: "Hold",
                table: "Orders");

            migrationBuilder.DropColumn(
                name: "HoldDetail",
                table: "Orders");

            migrationBuilder.RenameColumn(
                name: "TrackingNumber",
                table: "Orders",
                newName: "Label");
        }
    }
}
