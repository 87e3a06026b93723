using Microsoft.AspNetCore.Components.Forms;

namespace Inventory.Blazor.Components.Shared;

/// <summary>
/// A browser upload copied to a temporary file: the browser stream cannot seek (MiniExcel must),
/// and a 100 MB file must not sit in memory. Deleted on dispose.
/// </summary>
public sealed class UploadedFile : IAsyncDisposable
{
    private UploadedFile(string name, FileStream content) => (Name, Content) = (name, content);

    public string Name { get; }
    public FileStream Content { get; }

    /// <returns>null when the file is over <paramref name="maxBytes"/> (nothing is copied).</returns>
    public static async Task<UploadedFile?> CopyAsync(IBrowserFile file, long maxBytes, IProgress<double>? progress, CancellationToken ct)
    {
        if (file.Size > maxBytes)
            return null;
        var temp = new FileStream(Path.GetTempFileName(), FileMode.Create, FileAccess.ReadWrite, FileShare.None, 81920,
            FileOptions.DeleteOnClose | FileOptions.Asynchronous);
        await using var source = file.OpenReadStream(maxBytes, ct);
        var buffer = new byte[81920];
        int read;
        while ((read = await source.ReadAsync(buffer, ct)) > 0)
        {
            await temp.WriteAsync(buffer.AsMemory(0, read), ct);
            progress?.Report(file.Size == 0 ? 1 : (double)temp.Length / file.Size);
        }
        temp.Position = 0;
        return new UploadedFile(file.Name, temp);
    }

    public ValueTask DisposeAsync() => Content.DisposeAsync();
}
