using Microsoft.Extensions.Options;

namespace ZaloBot.PastReports;

public static class ImportsExtensions
{
    /// <summary>Importing past reports from officials' spreadsheets: the importer and the background runner.</summary>
    public static IHostApplicationBuilder AddImports(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<ImportOptions>().BindConfiguration(ImportOptions.Section).ValidateOnStart();
        builder.Services.AddSingleton<IValidateOptions<ImportOptions>, ImportOptionsValidator>();
        builder.Services.AddSingleton<AssistImporter>();
        builder.Services.AddSingleton<AssistImportRunner>();
        builder.Services.AddHostedService(services => services.GetRequiredService<AssistImportRunner>());
        return builder;
    }
}
