using System.Text;
using Microsoft.AspNetCore.Http.HttpResults;

namespace HitBot.Admin;

/// <summary>
/// A CSV download, UTF-8 with its byte order mark. Excel reads a CSV without the mark in the machine's ANSI code page
/// (Windows-1252 in the US), so "José Núñez" showed as "JosÃ© NÃºÃ±ez"; HitBot's imports and Google Sheets skip the mark.
/// </summary>
static class CsvDownload
{
    public static FileContentHttpResult File(string csv, string fileName) =>
        TypedResults.File([.. Encoding.UTF8.Preamble, .. Encoding.UTF8.GetBytes(csv)], "text/csv; charset=utf-8", fileName);
}
