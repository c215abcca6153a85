// Hand-written companion of the generated ForumPay.swift (uniffi.toml maps the `Secret` custom
// type to this struct). Not compiled on the Linux build machine: see ../../README.md.

/// A string that must never be printed: the api secret, and the payer page's `accessToken`,
/// `accessUrl` and `statsToken`. It prints as `***` (also inside `print`/`dump` of a record);
/// `expose()` gives the value where it is really needed.
public struct Secret: Equatable, Hashable, Sendable, CustomStringConvertible, CustomDebugStringConvertible, CustomReflectable {
    private let value: String

    /// Wraps a value.
    public init(_ value: String) {
        self.value = value
    }

    /// The real value. Call it only where the value is sent or shown on purpose.
    public func expose() -> String {
        value
    }

    /// Always `***`.
    public var description: String { "***" }

    /// Always `Secret(***)`.
    public var debugDescription: String { "Secret(***)" }

    /// No children: reflection (`dump`, `Mirror`) cannot reach the value.
    public var customMirror: Mirror { Mirror(self, children: []) }
}
