using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Inventory.Domain.Persistence.Postgres.Migrations
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
                type: "numeric(10,3)",
                precision: 10,
                scale: 3,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "WeightUnit",
                table: "Orders",
                type: "character varying(2)",
                maxLength: 2,
                nullable: true);

            migrationBuilder.AddColumn<decimal>(
                name: "DefaultWeightPerBox",
                table: "Instances",
                type: "numeric(10,3)",
                precision: 10,
                scale: 3,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "DefaultWeightUnit",
                table: "Instances",
                type: "character varying(2)",
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
