import Testing
@testable import Authorization
import SimulationPrimitives

/// Grants and RFC 6749 §5.2 errors of the token endpoint.
@Suite("Token endpoint (RFC 6749, RFC 7636)")
struct TokenEndpointTests {
    static func authorize(_ server: inout AuthorizationServer, _ rng: inout RandomStream, scope: String? = "read purchase",
                          now: SimTime = .zero) throws -> AuthorizationCodeGrant {
        try server.authorize(AuthorizationRequest(clientID: "cinemanzana-web", redirectURI: Fixture.redirect, scope: scope,
                                                  codeChallenge: Fixture.challenge), username: "ana", now: now, rng: &rng)
    }

    static let webClient = ClientAuthentication.none(clientID: "cinemanzana-web")

    static func expectError(_ code: OAuthErrorCode, status: Int = 400, sourceLocation: SourceLocation = #_sourceLocation,
                            _ body: () throws -> Void) {
        do {
            try body()
            Issue.record("expected \(code.rawValue)", sourceLocation: sourceLocation)
        } catch let error as OAuthError {
            #expect(error.code == code, sourceLocation: sourceLocation)
            #expect(error.httpStatus == status, sourceLocation: sourceLocation)
        } catch {
            Issue.record("unexpected \(error)", sourceLocation: sourceLocation)
        }
    }

    @Test func authorizationCodeWithPKCEIssuesAnRFC9068Token() throws {
        var (server, rng) = Fixture.server()
        let grant = try Self.authorize(&server, &rng)
        let now = SimTime.zero + .seconds(3)
        let response = try server.token(.authorizationCode(code: grant.code, redirectURI: Fixture.redirect, codeVerifier: Fixture.verifier,
                                                           client: Self.webClient), now: now, rng: &rng)
        let parts = try JWSCompact.split(response.accessToken)
        let header = try #require(JSONValue.parse(parts.header))
        #expect(header["typ"] == .string("at+jwt"))
        #expect(header["alg"] == .string("HS256"))
        #expect(header["kid"] == .string("k1"))
        let claims = try #require(AccessTokenClaims(jsonBytes: parts.payload))
        #expect(claims == response.claims)
        #expect(claims.issuer == "https://auth.cinemanzana.example")
        #expect(claims.audience == ["cinemanzana-api"])
        #expect(claims.subject == "ana")
        #expect(claims.clientID == "cinemanzana-web")
        #expect(claims.issuedAt == 1_735_689_603) // 2025-01-01T00:00:03Z
        #expect(claims.expiresAt - claims.issuedAt == 43_200) // DefaultTokenServices: 12 h
        #expect(claims.scope.description == "purchase read")
        #expect(response.expiresInSeconds == 43_200)
        #expect(response.refreshToken != nil)
        #expect(response.tokenType == "Bearer")
        #expect(TokenResponse.headers.map(\.value) == ["no-store", "no-cache"])
        let body = try #require(JSONValue.parse(Array(response.jsonBody().utf8)))
        #expect(body["token_type"] == .string("Bearer"))
        #expect(body["expires_in"] == .integer(43_200))
        #expect(body["scope"] == .string("purchase read"))
    }

    @Test func authorizationCodeFailures() throws {
        var (server, rng) = Fixture.server()
        let grant = try Self.authorize(&server, &rng)
        Self.expectError(.invalidRequest) {
            _ = try server.token(TokenRequest(grantType: "authorization_code", client: Self.webClient, code: grant.code, redirectURI: Fixture.redirect),
                                 now: .zero, rng: &rng)
        }
        Self.expectError(.invalidGrant) { // RFC 7636 §4.6: wrong verifier
            _ = try server.token(.authorizationCode(code: grant.code, redirectURI: Fixture.redirect,
                                                    codeVerifier: String(repeating: "x", count: 43), client: Self.webClient), now: .zero, rng: &rng)
        }
        Self.expectError(.invalidGrant) { // redirect_uri differs from the authorization request
            _ = try server.token(.authorizationCode(code: grant.code, redirectURI: "https://evil.example/cb", codeVerifier: Fixture.verifier,
                                                    client: Self.webClient), now: .zero, rng: &rng)
        }
        Self.expectError(.invalidGrant) { // expired: 10 min (RFC 6749 §4.1.2)
            _ = try server.token(.authorizationCode(code: grant.code, redirectURI: Fixture.redirect, codeVerifier: Fixture.verifier,
                                                    client: Self.webClient), now: .zero + .minutes(10), rng: &rng)
        }
        Self.expectError(.invalidGrant) {
            _ = try server.token(.authorizationCode(code: "nope", redirectURI: Fixture.redirect, codeVerifier: Fixture.verifier,
                                                    client: Self.webClient), now: .zero, rng: &rng)
        }
    }

    @Test func reusedCodeIsRejectedAndRevokesItsTokens() throws {
        var (server, rng) = Fixture.server()
        let grant = try Self.authorize(&server, &rng)
        let request = TokenRequest.authorizationCode(code: grant.code, redirectURI: Fixture.redirect, codeVerifier: Fixture.verifier, client: Self.webClient)
        let first = try server.token(request, now: .zero, rng: &rng)
        Self.expectError(.invalidGrant) { _ = try server.token(request, now: .zero + .seconds(1), rng: &rng) }
        let info = try server.introspect(token: first.accessToken, caller: Fixture.gatewayBasic, now: .zero + .seconds(2))
        #expect(info == .inactive)
        Self.expectError(.invalidGrant) {
            _ = try server.token(.refresh(refreshToken: first.refreshToken!, client: Self.webClient), now: .zero + .seconds(2), rng: &rng)
        }
    }

    @Test func authorizationEndpointErrors() throws {
        var (server, rng) = Fixture.server()
        func request(responseType: String = "code", client: String = "cinemanzana-web", redirect: String = Fixture.redirect,
                     scope: String? = nil, challenge: String? = Fixture.challenge, method: String? = "S256") -> AuthorizationRequest {
            AuthorizationRequest(responseType: responseType, clientID: client, redirectURI: redirect, scope: scope,
                                 codeChallenge: challenge, codeChallengeMethod: method)
        }
        Self.expectError(.invalidRequest) { _ = try server.authorize(request(redirect: "https://cinemanzana.example/callback/"), username: "ana", now: .zero, rng: &rng) }
        Self.expectError(.invalidRequest) { _ = try server.authorize(request(client: "unknown"), username: "ana", now: .zero, rng: &rng) }
        Self.expectError(.unsupportedResponseType) { _ = try server.authorize(request(responseType: "token"), username: "ana", now: .zero, rng: &rng) }
        Self.expectError(.invalidRequest) { _ = try server.authorize(request(challenge: nil), username: "ana", now: .zero, rng: &rng) }
        Self.expectError(.invalidRequest) { _ = try server.authorize(request(method: "plain"), username: "ana", now: .zero, rng: &rng) }
        Self.expectError(.invalidScope) { _ = try server.authorize(request(scope: "admin"), username: "ana", now: .zero, rng: &rng) }
        Self.expectError(.accessDenied) { _ = try server.authorize(request(), username: "nobody", now: .zero, rng: &rng) }
    }

    @Test func passwordGrantNarrowsScopeToTheUser() throws {
        var (server, rng) = Fixture.server()
        let response = try server.token(.password(username: "ana", password: "s3cret", scope: "read manage", client: Fixture.legacyBasic),
                                        now: .zero, rng: &rng)
        #expect(response.scope == ScopeSet(["read"]))
        #expect(response.claims.scope == ScopeSet(["read"]))
        let manager = try server.token(.password(username: "manolo", password: "boss", scope: nil, client: Fixture.legacyBasic), now: .zero, rng: &rng)
        #expect(manager.scope == ScopeSet(["manage", "read"]))
        Self.expectError(.invalidGrant) {
            _ = try server.token(.password(username: "ana", password: "wrong", scope: nil, client: Fixture.legacyBasic), now: .zero, rng: &rng)
        }
        Self.expectError(.invalidRequest) {
            _ = try server.token(TokenRequest(grantType: "password", client: Fixture.legacyBasic, username: "ana"), now: .zero, rng: &rng)
        }
    }

    @Test func passwordGrantCanBeDisabledAsRFC9700Requires() throws {
        var configuration = AuthorizationServerConfiguration()
        configuration.passwordGrantEnabled = false
        var (server, rng) = Fixture.server(configuration: configuration)
        Self.expectError(.unsupportedGrantType) {
            _ = try server.token(.password(username: "ana", password: "s3cret", scope: nil, client: Fixture.legacyBasic), now: .zero, rng: &rng)
        }
    }

    @Test func clientCredentialsHasNoRefreshTokenAndClientSubject() throws {
        var (server, rng) = Fixture.server()
        let response = try server.token(.clientCredentials(scope: "internal", client: .post(clientID: "compra-command", secret: "svc-secret")),
                                        now: .zero, rng: &rng)
        #expect(response.refreshToken == nil) // RFC 6749 §4.4.3
        #expect(response.claims.subject == "compra-command") // RFC 9068 §2.2
        #expect(response.claims.clientID == "compra-command")
        #expect(response.scope == ScopeSet(["internal"]))
    }

    @Test func clientAuthenticationErrors() throws {
        var (server, rng) = Fixture.server()
        do {
            _ = try server.token(.password(username: "ana", password: "s3cret", scope: nil, client: .basic(clientID: "legacy-app", secret: "bad")),
                                 now: .zero, rng: &rng)
            Issue.record("accepted a bad secret")
        } catch {
            // RFC 6749 §5.2: MUST be 401 with WWW-Authenticate after HTTP Basic.
            #expect(error.code == .invalidClient)
            #expect(error.httpStatus == 401)
            #expect(error.wwwAuthenticate == #"Basic realm="cinemanzana""#)
            #expect(error.jsonBody() == #"{"error":"invalid_client","error_description":"Client authentication failed"}"#)
        }
        Self.expectError(.invalidClient) {
            _ = try server.token(.password(username: "ana", password: "s3cret", scope: nil, client: .post(clientID: "legacy-app", secret: "bad")),
                                 now: .zero, rng: &rng)
        }
        Self.expectError(.invalidClient) { // a confidential client must authenticate
            _ = try server.token(.password(username: "ana", password: "s3cret", scope: nil, client: .none(clientID: "legacy-app")), now: .zero, rng: &rng)
        }
        Self.expectError(.invalidRequest) {
            _ = try server.token(.password(username: "ana", password: "s3cret", scope: nil, client: .multiple), now: .zero, rng: &rng)
        }
    }

    @Test func grantTypeErrors() throws {
        var (server, rng) = Fixture.server()
        Self.expectError(.invalidRequest) { _ = try server.token(TokenRequest(grantType: nil, client: Fixture.legacyBasic), now: .zero, rng: &rng) }
        Self.expectError(.unsupportedGrantType) {
            _ = try server.token(TokenRequest(grantType: "urn:ietf:params:oauth:grant-type:device_code", client: Fixture.legacyBasic), now: .zero, rng: &rng)
        }
        Self.expectError(.unauthorizedClient) { _ = try server.token(.clientCredentials(scope: nil, client: Fixture.legacyBasic), now: .zero, rng: &rng) }
        Self.expectError(.invalidScope) {
            _ = try server.token(.clientCredentials(scope: "admin", client: .basic(clientID: "compra-command", secret: "svc-secret")), now: .zero, rng: &rng)
        }
        Self.expectError(.invalidScope) { // RFC 6749 §3.3: no empty scope tokens
            _ = try server.token(.password(username: "ana", password: "s3cret", scope: "read  purchase", client: Fixture.legacyBasic), now: .zero, rng: &rng)
        }
        #expect(server.statistics.tokenErrors == 5)
    }

    @Test func refreshRotatesAndDetectsReuse() throws {
        var (server, rng) = Fixture.server()
        let first = try Fixture.anaToken(&server, &rng)
        let oldRefresh = try #require(first.refreshToken)
        let second = try server.token(.refresh(refreshToken: oldRefresh, client: Fixture.legacyBasic), now: .zero + .seconds(10), rng: &rng)
        let newRefresh = try #require(second.refreshToken)
        #expect(newRefresh != oldRefresh)
        #expect(second.claims.scope == first.claims.scope)
        #expect(second.claims.tokenID != first.claims.tokenID)
        // Reusing the rotated-out token is refused and revokes the family (RFC 9700 §4.14.2).
        Self.expectError(.invalidGrant) {
            _ = try server.token(.refresh(refreshToken: oldRefresh, client: Fixture.legacyBasic), now: .zero + .seconds(20), rng: &rng)
        }
        #expect(server.statistics.refreshReuseDetections == 1)
        Self.expectError(.invalidGrant) {
            _ = try server.token(.refresh(refreshToken: newRefresh, client: Fixture.legacyBasic), now: .zero + .seconds(21), rng: &rng)
        }
        #expect(try server.introspect(token: second.accessToken, caller: Fixture.gatewayBasic, now: .zero + .seconds(22)) == .inactive)
    }

    @Test func refreshScopeMayOnlyNarrow() throws {
        var (server, rng) = Fixture.server()
        let first = try Fixture.anaToken(&server, &rng)
        let narrowed = try server.token(.refresh(refreshToken: first.refreshToken!, scope: "read", client: Fixture.legacyBasic), now: .zero, rng: &rng)
        #expect(narrowed.scope == ScopeSet(["read"]))
        Self.expectError(.invalidScope) {
            _ = try server.token(.refresh(refreshToken: narrowed.refreshToken!, scope: "read manage", client: Fixture.legacyBasic), now: .zero, rng: &rng)
        }
        Self.expectError(.invalidGrant) { // another client's refresh token
            _ = try server.token(.refresh(refreshToken: narrowed.refreshToken!, client: Self.webClient), now: .zero, rng: &rng)
        }
        Self.expectError(.invalidGrant) { // expired: 30 days (DefaultTokenServices)
            _ = try server.token(.refresh(refreshToken: narrowed.refreshToken!, client: Fixture.legacyBasic), now: .zero + .seconds(30 * 86_400), rng: &rng)
        }
    }

    @Test func withoutRotationTheSameRefreshTokenIsReturned() throws {
        var configuration = AuthorizationServerConfiguration()
        configuration.rotateRefreshTokens = false
        var (server, rng) = Fixture.server(configuration: configuration)
        let first = try Fixture.anaToken(&server, &rng)
        let second = try server.token(.refresh(refreshToken: first.refreshToken!, client: Fixture.legacyBasic), now: .zero, rng: &rng)
        let third = try server.token(.refresh(refreshToken: first.refreshToken!, client: Fixture.legacyBasic), now: .zero, rng: &rng)
        #expect(second.refreshToken == first.refreshToken)
        #expect(third.refreshToken == first.refreshToken)
    }

    @Test func sameSeedIssuesByteIdenticalHS256Tokens() throws {
        var (a, rngA) = Fixture.server(seed: 5)
        var (b, rngB) = Fixture.server(seed: 5)
        #expect(try Fixture.anaToken(&a, &rngA).accessToken == Fixture.anaToken(&b, &rngB).accessToken)
    }

    @Test func es256TokensDifferOnlyInSignatureBytes() throws {
        // ECDSA is randomised: the simulator must never depend on ES256 signature bytes. Two
        // servers with the same seed issue the same claims; both tokens validate.
        var (a, rngA) = Fixture.server(algorithm: .es256, seed: 5)
        var (b, rngB) = Fixture.server(algorithm: .es256, seed: 5)
        let ta = try Fixture.anaToken(&a, &rngA), tb = try Fixture.anaToken(&b, &rngB)
        #expect(ta.claims == tb.claims)
        let sa = ta.accessToken.split(separator: "."), sb = tb.accessToken.split(separator: ".")
        #expect(sa[0] == sb[0] && sa[1] == sb[1])
        var validator = TokenValidator(policy: a.validationPolicy(), keys: b.keySet)
        #expect(validator.validate(ta.accessToken, requiredScope: nil, now: .zero) == .valid(ta.claims))
        #expect(validator.validate(tb.accessToken, requiredScope: nil, now: .zero) == .valid(tb.claims))
    }
}
