using ZaloBot.Storage;

namespace ZaloBot.Tests.Storage;

public sealed class StorageOptionsTests
{
    [Test]
    public void A_database_file_lives_in_the_folder_of_its_path_a_relative_one_in_the_working_folder()
    {
        Assert.That(new StorageOptions { ConnectionString = "Data Source=/data/zalobot.db" }.DatabaseFolder(), Is.EqualTo("/data"));
        Assert.That(new StorageOptions { ConnectionString = "Data Source=zalobot.db" }.DatabaseFolder(), Is.EqualTo(Environment.CurrentDirectory));
    }

    [TestCase("Data Source=:memory:")]
    [TestCase("Data Source=shared-in-memory;Mode=Memory;Cache=Shared")]
    [TestCase("Data Source=")]
    public void A_database_in_memory_or_in_a_temporary_file_has_no_folder(string connectionString) =>
        Assert.That(new StorageOptions { ConnectionString = connectionString }.DatabaseFolder(), Is.Null);
}
