using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Inventory.Domain.Persistence.Sqlite.Migrations
{
    /// <inheritdoc />
    public partial class BoxWeight : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<decimal>(
                name: "WeightPerBox",
                table: "Orders",
                type: "TEXT",
                precision: 10,
                scale: 3,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "WeightUnit",
                table: "Orders",
                type: "TEXT",
                maxLength: 2,
                nullable: true);

            migrationBuilder.AddColumn<decimal>(
                name: "DefaultWeightPerBox",
                table: "Instances",
                type: "TEXT",
                precision: 10,
                scale: 3,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "DefaultWeightUnit",
                table: "Instances",
                type: "TEXT",
                maxLength: 2,
                nullable: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "WeightPerBox",
                table: "Orders");

            migrationBuilder.DropColumn(
                name: "WeightUnit",
                table: "Orders");

            migrationBuilder.DropColumn(
                name: "DefaultWeightPerBox",
                table: "Instances");

            migrationBuilder.DropColumn(
                name: "DefaultWeightUnit",
                table: "Instances");
        }
    }
}
