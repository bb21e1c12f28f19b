using Microsoft.Extensions.Options;

namespace CookieState.Redis;

/// <summary>Refuses Redis revocation options that cannot work, at startup.</summary>
internal sealed class CookieStateRedisRevocationOptionsValidator : IValidateOptions<CookieStateRedisRevocationOptions>
{
    public ValidateOptionsResult Validate(string? name, CookieStateRedisRevocationOptions options)
    {
        var result = new ValidateOptionsResultBuilder();
        if (options.ImportBatchSize is < 1 or > 10_000)
        {
            result.AddError("Invalid CookieStateRedisRevocationOptions: ImportBatchSize must be between 1 and 10000.");
        }

        if (options.InstanceName is null)
        {
            result.AddError("Invalid CookieStateRedisRevocationOptions: InstanceName must not be null (empty for none).");
        }

        if (options.DistributedCacheKeyPrefix is { Length: 0 })
        {
            // An empty prefix would scan every key of the database and read the app's own cache entries as revocations.
            result.AddError("Invalid CookieStateRedisRevocationOptions: DistributedCacheKeyPrefix must be null or non-empty.");
        }

        return result.Build();
    }
}
