# syntax=docker/dockerfile:1
# Build: the same Cake Publish target that developers run (dotnet publish -c Release).
FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
WORKDIR /src
COPY dotnet-tools.json global.json Directory.Build.props Directory.Packages.props ZaloBot.slnx .editorconfig ./
COPY ZaloBot/ZaloBot.csproj ZaloBot/
COPY ZaloBot.Tests/ZaloBot.Tests.csproj ZaloBot.Tests/
RUN dotnet tool restore && dotnet restore ZaloBot/ZaloBot.csproj
COPY . .
RUN dotnet cake --target=Publish --configuration=Release --publish-dir=/app

# Run: ASP.NET Core runtime only, as the image's non-root "app" user.
FROM mcr.microsoft.com/dotnet/aspnet:10.0 AS runtime
WORKDIR /app
COPY --from=build /app ./
RUN mkdir -p /data && chown app:app /data && chmod 700 /data
VOLUME ["/data"]
ENV ASPNETCORE_URLS=http://+:8080 \
    ConnectionStrings__ZaloBot="Data Source=/data/zalobot.db"
EXPOSE 8080
USER app
HEALTHCHECK --interval=30s --timeout=5s --start-period=20s --retries=3 \
    CMD ["dotnet", "/app/ZaloBot.dll", "healthcheck", "http://127.0.0.1:8080/health/live"]
ENTRYPOINT ["dotnet", "/app/ZaloBot.dll"]
