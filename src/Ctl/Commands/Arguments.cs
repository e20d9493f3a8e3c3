using System.CommandLine;
using System.Globalization;

namespace Streaming.Ctl.Commands;

/// <summary>Arguments and options several verbs share, with messages that say what a value must be.</summary>
internal static class Arguments
{
    public static Argument<string> Text(string name, string description) => new(name) { Description = description };

    /// <summary>A whole number of at least <paramref name="minimum"/>; anything else is a usage error naming the option.</summary>
    public static Option<int?> WholeNumber(string name, string helpName, string description, int minimum) => new(name)
    {
        Description = description,
        HelpName = helpName,
        CustomParser = result =>
        {
            var token = result.Tokens.Count == 1 ? result.Tokens[0].Value : "";
            if (int.TryParse(token, NumberStyles.None, CultureInfo.InvariantCulture, out var value) && value >= minimum) return value;
            result.AddError($"{name} takes a whole number of {minimum} or more, not '{token}'.");
            return null;
        },
    };

    public static Option<int?> Count(string what) => WholeNumber("--count", "N", $"Stop after N {what} [default: until Ctrl-C]", 1);
}
