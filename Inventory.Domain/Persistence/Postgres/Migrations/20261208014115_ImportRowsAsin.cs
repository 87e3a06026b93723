using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Inventory.Domain.Persistence.Postgres.Migrations
{
    /// <inheritdoc />
    public partial class ImportRowsAsin : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            // A stock file's ASIN column, kept with its row until the apply fills the item map from it;
            // ImportRows is outside the EF model, as in PreviewAndUndo. Only rows with an ASIN are in the
            // partial index, so an apply of a file without one finds there is nothing to map at no cost.
            migrationBuilder.Sql("""ALTER TABLE "ImportRows" ADD COLUMN "Asin" text NULL;""");
            migrationBuilder.Sql("""CREATE INDEX "IX_ImportRows_Asin" ON "ImportRows" ("ImportId", "Asin") WHERE "Asin" IS NOT NULL;""");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""DROP INDEX "IX_ImportRows_Asin";""");
            migrationBuilder.Sql("""ALTER TABLE "ImportRows" DROP COLUMN "Asin";""");
        }
    }
}
