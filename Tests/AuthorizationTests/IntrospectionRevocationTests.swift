import Testing
@testable import Authorization
import SimulationPrimitives

@Suite("Introspection (RFC 7662) and revocation (RFC 7009)")
struct IntrospectionRevocationTests {
    @Test func activeResponseCarriesRFC7662Fields() throws {
        var (server, rng) = Fixture.server()
        let token = try Fixture.anaToken(&server, &rng)
        let info = try server.introspect(token: token.accessToken, caller: Fixture.gatewayBasic, now: .zero + .seconds(1))
        #expect(info.active)
        let body = try #require(JSONValue.parse(Array(info.jsonBody().utf8)))
        guard case .object(let members) = body else { Issue.record("not an object"); return }
        #expect(members.map(\.key) == ["active", "scope", "client_id", "username", "token_type", "exp", "iat", "sub", "aud", "iss", "jti"])
        #expect(body["active"] == .bool(true))
        #expect(body["scope"] == .string("purchase read"))
        #expect(body["client_id"] == .string("legacy-app"))
        #expect(body["username"] == .string("ana"))
        #expect(body["token_type"] == .string("Bearer"))
        #expect(body["exp"] == .integer(1_735_689_600 + 43_200))
        #expect(body["iss"] == .string("https://auth.cinemanzana.example"))
        #expect(body["jti"] == .string(token.claims.tokenID))
        #expect(server.statistics.introspections == 1)
    }

    @Test func inactiveResponseIsOnlyActiveFalse() throws {
        var (server, rng) = Fixture.server()
        let token = try Fixture.anaToken(&server, &rng)
        let expired = try server.introspect(token: token.accessToken, caller: Fixture.gatewayBasic, now: .zero + .seconds(43_200))
        #expect(expired == .inactive)
        #expect(expired.jsonBody() == #"{"active":false}"#)
        #expect(try server.introspect(token: "garbage", caller: Fixture.gatewayBasic, now: .zero) == .inactive)
        _ = try server.revoke(token: token.accessToken, client: Fixture.legacyBasic, now: .zero)
        #expect(try server.introspect(token: token.accessToken, caller: Fixture.gatewayBasic, now: .zero) == .inactive)
    }

    @Test func refreshTokensIntrospect() throws {
        var (server, rng) = Fixture.server()
        let token = try Fixture.anaToken(&server, &rng)
        let info = try server.introspect(token: token.refreshToken!, tokenTypeHint: "refresh_token", caller: Fixture.gatewayBasic, now: .zero)
        #expect(info.active)
        let expiresAt: Int64 = try #require(info.claims?.expiresAt)
        #expect(expiresAt == Int64(1_735_689_600 + 30 * 86_400))
        #expect(info.username == "ana")
    }

    @Test func callerMustAuthenticateAsConfidentialClient() throws {
        var (server, rng) = Fixture.server()
        let token = try Fixture.anaToken(&server, &rng)
        #expect(throws: OAuthError(.invalidClient, "Client authentication failed", httpStatus: 401, wwwAuthenticate: #"Basic realm="cinemanzana""#)) {
            _ = try server.introspect(token: token.accessToken, caller: .basic(clientID: "gateway", secret: "bad"), now: .zero)
        }
        #expect(throws: OAuthError(.invalidClient, "Client authentication failed")) {
            _ = try server.introspect(token: token.accessToken, caller: .none(clientID: "cinemanzana-web"), now: .zero)
        }
    }

    @Test func revokingAnInvalidTokenIsStill200() throws {
        var (server, _) = Fixture.server()
        let result = try server.revoke(token: "not-a-token", client: Fixture.legacyBasic, now: .zero)
        #expect(result == .nothing)
        #expect(result.httpStatus == 200)
    }

    @Test func revokingARefreshTokenRevokesItsFamily() throws {
        var (server, rng) = Fixture.server()
        let token = try Fixture.anaToken(&server, &rng)
        let result = try server.revoke(token: token.refreshToken!, tokenTypeHint: "refresh_token", client: Fixture.legacyBasic, now: .zero)
        #expect(result.revokedRefreshFamily)
        #expect(result.revokedAccessTokens.map(\.tokenID) == [token.claims.tokenID])
        #expect(try server.introspect(token: token.accessToken, caller: Fixture.gatewayBasic, now: .zero) == .inactive)
        #expect(throws: OAuthError.self) {
            _ = try server.token(.refresh(refreshToken: token.refreshToken!, client: Fixture.legacyBasic), now: .zero, rng: &rng)
        }
    }

    @Test func anotherClientsTokenIsLeftAlone() throws {
        var (server, rng) = Fixture.server()
        let token = try Fixture.anaToken(&server, &rng)
        let result = try server.revoke(token: token.accessToken, client: .basic(clientID: "compra-command", secret: "svc-secret"), now: .zero)
        #expect(result == .nothing)
        #expect(try server.introspect(token: token.accessToken, caller: Fixture.gatewayBasic, now: .zero).active)
    }

    @Test func revocationNeedsClientAuthentication() throws {
        var (server, rng) = Fixture.server()
        let token = try Fixture.anaToken(&server, &rng)
        #expect(throws: OAuthError.self) { _ = try server.revoke(token: token.accessToken, client: .basic(clientID: "legacy-app", secret: "x"), now: .zero) }
    }

    @Test func accessTokenRevocationCanBeUnsupported() throws {
        var configuration = AuthorizationServerConfiguration()
        configuration.revokesAccessTokens = false
        var (server, rng) = Fixture.server(configuration: configuration)
        let token = try Fixture.anaToken(&server, &rng)
        #expect(throws: OAuthError(.unsupportedTokenType, "Access tokens cannot be revoked")) {
            _ = try server.revoke(token: token.accessToken, client: Fixture.legacyBasic, now: .zero)
        }
    }

    @Test func pruneBoundsServerState() throws {
        var (server, rng) = Fixture.server()
        for _ in 0..<5 {
            let token = try Fixture.anaToken(&server, &rng)
            _ = try server.revoke(token: token.accessToken, client: Fixture.legacyBasic, now: .zero)
        }
        #expect(server.stateSizes.refreshTokens == 5)
        #expect(server.stateSizes.revokedAccessTokens == 5)
        server.prune(now: .zero + .seconds(43_201))
        #expect(server.stateSizes.revokedAccessTokens == 0)
        #expect(server.stateSizes.refreshTokens == 5)
        server.prune(now: .zero + .seconds(30 * 86_400))
        #expect(server.stateSizes.refreshTokens == 0)
    }
}
