using System.Text;
using SocketIO.Serialization.Msgpack;

namespace SocketIO.Tests.Serialization;

/// <summary>The JavaScript text ReadJson gives numeric map keys (Number::toString) and timestamps (Date.toISOString).</summary>
public sealed class MsgpackJsTextTests
{
    [Theory]
    [InlineData(0.0, "0")]
    [InlineData(1.5, "1.5")]
    [InlineData(-1.5e-10, "-1.5e-10")]
    [InlineData(100.0, "100")]
    [InlineData(1e20, "100000000000000000000")]
    [InlineData(1e21, "1e+21")]
    [InlineData(1.5e21, "1.5e+21")]
    [InlineData(1e-6, "0.000001")]
    [InlineData(1.25e-6, "0.00000125")]
    [InlineData(1e-7, "1e-7")]
    [InlineData(123e-20, "1.23e-18")]
    [InlineData(5e-324, "5e-324")]
    [InlineData(1.7976931348623157e308, "1.7976931348623157e+308")]
    [InlineData(0.30000000000000004, "0.30000000000000004")]
    [InlineData(123456.789, "123456.789")]
    [InlineData(18446744073709551615.0, "18446744073709552000")]
    [InlineData(double.NaN, "NaN")]
    [InlineData(double.NegativeInfinity, "-Infinity")]
    public void Msgpack_numbers_are_written_as_javascript_prints_them(double value, string expected)
    {
        Span<byte> text = stackalloc byte[JsText.MaxNumberLength];
        Assert.Equal(expected, Encoding.UTF8.GetString(text[..JsText.FormatNumber(value, text)]));
    }

    [Fact]
    public void Msgpack_negative_zero_is_written_as_zero()
    {
        Span<byte> text = stackalloc byte[JsText.MaxNumberLength];
        Assert.Equal("0", Encoding.UTF8.GetString(text[..JsText.FormatNumber(-0.0, text)]));
    }

    [Theory]
    [InlineData(9007199254740993L, "9007199254740992")]
    [InlineData(-42L, "-42")]
    [InlineData(long.MinValue, "-9223372036854776000")]
    public void Msgpack_integers_are_written_as_the_double_javascript_makes_of_them(long value, string expected)
    {
        Span<byte> text = stackalloc byte[JsText.MaxNumberLength];
        Assert.Equal(expected, Encoding.UTF8.GetString(text[..JsText.FormatNumber(value, text)]));
    }

    [Theory]
    [InlineData(0L, "1970-01-01T00:00:00.000Z")]
    [InlineData(-1L, "1969-12-31T23:59:59.999Z")]
    [InlineData(951782400000L, "2000-02-29T00:00:00.000Z")]
    [InlineData(8640000000000000L, "+275760-09-13T00:00:00.000Z")]
    [InlineData(-8640000000000000L, "-271821-04-20T00:00:00.000Z")]
    [InlineData(-62167219200000L, "0000-01-01T00:00:00.000Z")]
    [InlineData(-62198755200000L, "-000001-01-01T00:00:00.000Z")]
    [InlineData(253402300799999L, "9999-12-31T23:59:59.999Z")]
    [InlineData(253402300800000L, "+010000-01-01T00:00:00.000Z")]
    public void Msgpack_dates_are_written_as_date_to_iso_string(long milliseconds, string expected)
    {
        Span<byte> text = stackalloc byte[JsText.MaxDateLength];
        Assert.Equal(expected, Encoding.UTF8.GetString(text[..JsText.FormatDate(milliseconds, text)]));
    }
}
