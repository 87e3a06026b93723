using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Inventory.Domain.Persistence.Postgres.Migrations
{
    /// <inheritdoc />
    public partial class OutboxTransactionOutcome : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_OutboxMessages_NextAttemptAt",
                table: "OutboxMessages");

            migrationBuilder.AddColumn<DateTime>(
                name: "AnsweredAt",
                table: "OutboxMessages",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "Checks",
                table: "OutboxMessages",
                type: "integer",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<string>(
                name: "Outcome",
                table: "OutboxMessages",
                type: "character varying(16)",
                maxLength: 16,
                nullable: false,
                defaultValue: "Pending");

            // Messages Amazon took before their transactions were followed count as confirmed: they were treated as
            // done (their orders may be labelled already), and an old transaction may no longer be known to Amazon.
            migrationBuilder.Sql("UPDATE \"OutboxMessages\" SET \"Outcome\" = 'Success' WHERE \"SentAt\" IS NOT NULL");

            migrationBuilder.AddColumn<string>(
                name: "Refusal",
                table: "OutboxMessages",
                type: "character varying(500)",
                maxLength: 500,
                nullable: true);

            migrationBuilder.CreateIndex(
                name: "IX_OutboxMessages_NextAttemptAt",
                table: "OutboxMessages",
                column: "NextAttemptAt",
                filter: "\"Outcome\" = 'Pending'");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_OutboxMessages_NextAttemptAt",
                table: "OutboxMessages");

            migrationBuilder.DropColumn(
                name: "AnsweredAt",
                table: "OutboxMessages");

            migrationBuilder.DropColumn(
                name: "Checks",
                table: "OutboxMessages");

            migrationBuilder.DropColumn(
                name: "Outcome",
                table: "OutboxMessages");

            migrationBuilder.DropColumn(
                name: "Refusal",
                table: "OutboxMessages");

            migrationBuilder.CreateIndex(
                name: "IX_OutboxMessages_NextAttemptAt",
                table: "OutboxMessages",
                column: "NextAttemptAt",
                filter: "\"SentAt\" IS NULL");
        }
    }
}
