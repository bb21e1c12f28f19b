using System.Xml.Linq;
using Microsoft.AspNetCore.DataProtection.Repositories;

namespace CookieState.PostgreSql;

/// <summary>
/// One row of the key table offered to Data Protection for deletion.
/// </summary>
internal sealed class PostgreSqlDeletableElement(long id, string friendlyName, XElement element) : IDeletableElement
{
    /// <summary>The row id, so deletion targets exactly the row that was shown.</summary>
    public long Id { get; } = id;

    /// <summary>The friendly name of the row.</summary>
    public string FriendlyName { get; } = friendlyName;

    /// <inheritdoc />
    public XElement Element { get; } = element;

    /// <inheritdoc />
    public int? DeletionOrder { get; set; }
}
