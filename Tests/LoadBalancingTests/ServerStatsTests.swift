import Testing
import SimulationPrimitives
@testable import LoadBalancing

/// ServerStats semantics, reference/netflix-oss.md §4.2.
@Suite struct ServerStatsTests {
    let config = RibbonClientConfig()

    func failed(_ n: Int, at t: SimTime = .zero) -> ServerStats {
        var s = ServerStats(windowCapacity: 8)
        for _ in 0..<n {
            s.noteRequestStarted(at: t)
            s.noteRequestCompleted(outcome: .connectionFailure, responseTime: .milliseconds(5), at: t)
        }
        return s
    }

    @Test func blackoutGrowsTenTwentyThirtySeconds() {
        #expect(failed(0).blackout(config: config) == .zero)
        #expect(failed(2).blackout(config: config) == .zero)
        #expect(failed(3).blackout(config: config) == .seconds(10))
        #expect(failed(4).blackout(config: config) == .seconds(20))
        #expect(failed(5).blackout(config: config) == .seconds(30))
        #expect(failed(40).blackout(config: config) == .seconds(30)) // shift capped at 16, then max 30 s
    }

    @Test func blackoutGrowthWithoutTheCap() {
        var c = config
        c.circuitTripMaxTimeout = .seconds(1_000_000)
        // (1 << min(failures − 3, 16)) × 10 s.
        #expect(failed(6).blackout(config: c) == .seconds(80))
        #expect(failed(19).blackout(config: c) == .seconds(655_360))
        #expect(failed(30).blackout(config: c) == .seconds(655_360))
    }

    @Test func trippedWhileLastFailurePlusBlackoutIsAfterNow() {
        let s = failed(3, at: at(100))
        #expect(s.isCircuitTripped(at: at(100), config: config))
        #expect(s.isCircuitTripped(at: at(109.999), config: config))
        #expect(!s.isCircuitTripped(at: at(110), config: config)) // strictly greater than now
        #expect(!failed(2, at: at(100)).isCircuitTripped(at: at(100), config: config))
    }

    @Test func responseOrOtherErrorClearsTheStreak() {
        var s = failed(4)
        s.noteRequestStarted(at: .zero)
        s.noteRequestCompleted(outcome: .response, responseTime: .milliseconds(3), at: .zero)
        #expect(s.successiveConnectionFailures == 0)
        #expect(!s.isCircuitTripped(at: .zero, config: config))
        var t = failed(4)
        t.noteRequestStarted(at: .zero)
        t.noteRequestCompleted(outcome: .otherError, responseTime: .milliseconds(3), at: .zero)
        #expect(t.successiveConnectionFailures == 0)
        #expect(t.failureCount == 4)
    }

    @Test func activeRequestsExpireAfterTheEffectiveWindow() {
        var s = ServerStats(windowCapacity: 4)
        s.noteRequestStarted(at: at(10))
        s.noteRequestStarted(at: at(20))
        #expect(s.activeRequests(at: at(620), config: config) == 2)   // exactly 600 s unchanged: still counted
        #expect(s.activeRequests(at: at(620.001), config: config) == 0)
    }

    @Test func averageIsCumulativeAndPercentilesUseTheWindow() {
        var s = ServerStats(windowCapacity: 4)
        for ms in [10, 20, 30, 40, 50, 60] as [Int64] {
            s.noteRequestStarted(at: .zero)
            s.noteRequestCompleted(outcome: .response, responseTime: .milliseconds(ms), at: .zero)
        }
        #expect(s.responseTimeAverageMilliseconds == 35)             // all six, never windowed
        #expect(s.responseTimePercentile(50) == .milliseconds(40))   // window 30, 40, 50, 60
        #expect(s.responseTimePercentile(100) == .milliseconds(60))
        #expect(s.responseTimePercentile(0) == .milliseconds(30))
        #expect(ServerStats(windowCapacity: 1).responseTimePercentile(50) == nil)
        #expect(s.rawActiveRequests == 0)
        #expect(s.totalRequests == 6)
    }
}
