/// The claims of a JWT access token (RFC 9068 §2.2) as cinesim issues and reads them.
///
/// Required by RFC 9068: `iss`, `exp`, `aud`, `sub`, `client_id`, `iat`, `jti`; `scope` SHOULD be
/// present when scopes were requested and is written whenever the set is non-empty. `nbf`
/// (RFC 7519 §4.1.5) is optional. Times are JWT `NumericDate` seconds (see ``JWTClock``).
///
/// Serialised with a fixed member order (`iss, sub, aud, client_id, iat, nbf, exp, jti, scope`),
/// so the same claims always give the same bytes.
public struct AccessTokenClaims: Sendable, Equatable {
    /// `iss`: the authorization server's issuer identifier.
    public var issuer: String
    /// `sub`: the resource owner, or the client id itself for `client_credentials` (RFC 9068 §2.2).
    public var subject: String
    /// `aud`: the resource indicators the token is for (one or more).
    public var audience: [String]
    /// `client_id`: the client that requested the token.
    public var clientID: String
    /// `iat`: issued-at, NumericDate seconds.
    public var issuedAt: Int64
    /// `nbf`: not-before, NumericDate seconds; `nil` when absent.
    public var notBefore: Int64?
    /// `exp`: expiry, NumericDate seconds.
    public var expiresAt: Int64
    /// `jti`: unique token id (revocation and introspection key).
    public var tokenID: String
    /// `scope`: the granted scopes.
    public var scope: ScopeSet

    /// Claims with every field given; `notBefore` defaults to absent.
    public init(issuer: String, subject: String, audience: [String], clientID: String, issuedAt: Int64,
                notBefore: Int64? = nil, expiresAt: Int64, tokenID: String, scope: ScopeSet) {
        self.issuer = issuer
        self.subject = subject
        self.audience = audience
        self.clientID = clientID
        self.issuedAt = issuedAt
        self.notBefore = notBefore
        self.expiresAt = expiresAt
        self.tokenID = tokenID
        self.scope = scope
    }

    /// The UTF-8 JSON claim set.
    public func jsonBytes() -> [UInt8] {
        var writer = JSONWriter(capacity: 256)
        writer.beginObject()
        writer.member(literal: "iss", issuer)
        writer.member(literal: "sub", subject)
        writer.literalKey("aud")
        if audience.count == 1 {
            writer.string(audience[0])
        } else {
            writer.beginArray()
            for value in audience { writer.string(value) }
            writer.endArray()
        }
        writer.member(literal: "client_id", clientID)
        writer.member(literal: "iat", issuedAt)
        if let notBefore { writer.member(literal: "nbf", notBefore) }
        writer.member(literal: "exp", expiresAt)
        writer.member(literal: "jti", tokenID)
        if !scope.isEmpty { writer.member(literal: "scope", scope.description) }
        writer.endObject()
        return writer.bytes
    }

    /// Reads a claim set. Returns `nil` when it is not a JSON object, a required claim is missing
    /// or of the wrong type (`aud` may be a string or an array of strings), or `scope` is malformed.
    public init?(jsonBytes: [UInt8]) {
        // The layout this type writes is read in one pass; anything else takes the general parser
        // (same answer either way: CanonicalClaimsReader).
        if let canonical = jsonBytes.withUnsafeBufferPointer(CanonicalClaimsReader.read) {
            self = canonical
            return
        }
        self.init(generalJSONBytes: jsonBytes)
    }

    /// ``init(jsonBytes:)`` through the general JSON parser (any member order, escapes, whitespace).
    init?(generalJSONBytes jsonBytes: [UInt8]) {
        guard let json = JSONValue.parse(jsonBytes), case .object = json,
              let iss = json["iss"]?.stringValue, let sub = json["sub"]?.stringValue,
              let clientID = json["client_id"]?.stringValue, let iat = json["iat"]?.integerValue,
              let exp = json["exp"]?.integerValue, let jti = json["jti"]?.stringValue else { return nil }
        var audience: [String] = []
        switch json["aud"] {
        case .string(let value)?: audience = [value]
        case .array(let values)?:
            for value in values {
                guard let string = value.stringValue else { return nil }
                audience.append(string)
            }
            if audience.isEmpty { return nil }
        default: return nil
        }
        var notBefore: Int64?
        if let nbf = json["nbf"] {
            guard let value = nbf.integerValue else { return nil }
            notBefore = value
        }
        var scope = ScopeSet.empty
        if let scopeValue = json["scope"] {
            guard let text = scopeValue.stringValue, let parsed = ScopeSet(parsing: text) else { return nil }
            scope = parsed
        }
        self.init(issuer: iss, subject: sub, audience: audience, clientID: clientID, issuedAt: iat,
                  notBefore: notBefore, expiresAt: exp, tokenID: jti, scope: scope)
    }
}

/// Encodes and signs RFC 9068 access tokens.
public enum AccessTokenCodec {
    /// The `typ` header of a JWT access token (RFC 9068 §2.1; media type `application/at+jwt`).
    public static let tokenType = "at+jwt"

    /// The protected header `{"alg":…,"typ":"at+jwt","kid":…}` for `key`.
    public static func headerBytes(for key: SigningKey) -> [UInt8] {
        var writer = JSONWriter(capacity: 64)
        writer.beginObject()
        writer.member("alg", key.algorithm.headerName)
        writer.member("typ", tokenType)
        writer.member("kid", key.keyID)
        writer.endObject()
        return writer.bytes
    }

    /// The compact JWS of `claims` signed with `key`.
    public static func encode(_ claims: AccessTokenClaims, key: SigningKey) -> String {
        JWSCompact.sign(header: headerBytes(for: key), payload: claims.jsonBytes(), key: key)
    }

    /// The base64url text of ``headerBytes(for:)`` (ASCII bytes), to encode once per key.
    public static func encodedHeader(for key: SigningKey) -> [UInt8] {
        var segment: [UInt8] = []
        Base64URL.append(headerBytes(for: key), to: &segment)
        return segment
    }

    /// ``encode(_:key:)`` with the header already encoded by ``encodedHeader(for:)`` for `key`:
    /// the same token text.
    public static func encode(_ claims: AccessTokenClaims, key: SigningKey, encodedHeader: [UInt8]) -> String {
        JWSCompact.sign(encodedHeader: encodedHeader, payload: claims.jsonBytes(), key: key)
    }
}
