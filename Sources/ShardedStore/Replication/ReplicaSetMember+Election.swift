import SimulationPrimitives

// Heartbeats, terms, elections (dry run, then real), step-down (reference/store-auth-logs.md §1.4).
extension ReplicaSetMember {
    func memberIndex(of node: StoreNodeID) -> Int? { config.members.firstIndex { $0.node == node } }

    mutating func handleHeartbeat(_ hb: Heartbeat, from: StoreNodeID, isReply: Bool, now: SimTime,
                                  random: inout RandomStream, out: inout StoreOutbox) {
        guard let i = memberIndex(of: from) else { return }
        peers[i].lastHeardAt = now
        peers[i].state = hb.state
        if hb.term > term { adoptTerm(hb.term, now: now, random: &random, out: &out) }
        if hb.state == .primary && hb.term == term && state != .primary {
            notePrimaryContact(from, now: now, random: &random, out: &out)
            // The primary's commit point applies to our log when our last entry is of its term (our
            // log then is a prefix of the primary's: Raft's log-matching property).
            if lastApplied.term == term {
                commitIndex = max(commitIndex, min(hb.commitIndex, lastIndex))
                trimOplog()
            }
        } else if knownPrimary == from && hb.state != .primary {
            knownPrimary = nil
        }
        if !isReply {
            out.send(.heartbeatReply(heartbeatPayload), from: node, to: from)
        }
    }

    mutating func notePrimaryContact(_ primary: StoreNodeID, now: SimTime, random: inout RandomStream, out: inout StoreOutbox) {
        lastPrimaryContact = now
        if knownPrimary != primary { knownPrimary = primary }
        election = nil
        resetElectionTimer(now: now, random: &random)
    }

    /// Learning a higher term: adopt it; a primary steps down.
    mutating func adoptTerm(_ newTerm: Int64, now: SimTime, random: inout RandomStream, out: inout StoreOutbox) {
        precondition(newTerm > term)
        term = newTerm
        election = nil
        if state == .primary {
            becomeSecondary(reason: .higherTerm, now: now, random: &random, out: &out)
        }
        if knownPrimary == node { knownPrimary = nil }
    }

    mutating func startElection(now: SimTime, random: inout RandomStream, out: inout StoreOutbox) {
        resetElectionTimer(now: now, random: &random)  // the attempt's timeout; a failed attempt retries
        guard isElectable, now >= unelectableUntil else { return }
        knownPrimary = nil
        election = Election(term: term + 1, dryRun: true, granted: 1, answered: 0)
        requestVotes(dryRun: true, term: term + 1, out: &out)
        if config.majority <= 1 { winElectionStep(now: now, random: &random, out: &out) }
    }

    mutating func requestVotes(dryRun: Bool, term candidateTerm: Int64, out: inout StoreOutbox) {
        let request = VoteRequest(term: candidateTerm, lastApplied: lastApplied, dryRun: dryRun)
        for (i, member) in config.members.enumerated() where i != selfIndex && member.votes {
            out.send(.voteRequest(request), from: node, to: member.node)
        }
    }

    mutating func handleVoteRequest(_ request: VoteRequest, from: StoreNodeID, now: SimTime,
                                    random: inout RandomStream, out: inout StoreOutbox) {
        guard config.members[selfIndex].votes else { return }
        if !request.dryRun && request.term > term { adoptTerm(request.term, now: now, random: &random, out: &out) }
        var granted = request.lastApplied >= lastApplied
        if request.dryRun {
            granted = granted && request.term > term
        } else {
            granted = granted && request.term == term && (votedTerm < term || votedFor == from)
            if granted {
                votedTerm = term
                votedFor = from
                resetElectionTimer(now: now, random: &random)
            }
        }
        out.send(.voteReply(VoteReply(term: term, granted: granted, dryRun: request.dryRun)), from: node, to: from)
    }

    mutating func handleVoteReply(_ reply: VoteReply, from: StoreNodeID, now: SimTime,
                                  random: inout RandomStream, out: inout StoreOutbox) {
        if reply.term > term {
            adoptTerm(reply.term, now: now, random: &random, out: &out)
            return
        }
        guard var current = election, current.dryRun == reply.dryRun, state == .secondary,
              let i = memberIndex(of: from) else { return }
        if !reply.dryRun && current.term != term { return }
        let bit: UInt64 = 1 << UInt64(i)
        guard current.answered & bit == 0 else { return }
        current.answered |= bit
        if reply.granted { current.granted += 1 }
        election = current
        if current.granted >= config.majority { winElectionStep(now: now, random: &random, out: &out) }
    }

    /// A dry run won: run the real election. A real election won: become primary.
    mutating func winElectionStep(now: SimTime, random: inout RandomStream, out: inout StoreOutbox) {
        guard let current = election else { return }
        if current.dryRun {
            term = current.term
            votedTerm = term
            votedFor = node
            election = Election(term: term, dryRun: false, granted: 1, answered: 0)
            requestVotes(dryRun: false, term: term, out: &out)
            if config.majority <= 1 { winElectionStep(now: now, random: &random, out: &out) }
        } else {
            election = nil
            becomePrimaryState(now: now, writeNoop: true)
            out.events.append(.becamePrimary(node: node, term: term))
            for i in peers.indices where i != selfIndex && !config.members[i].arbiter {
                sendAppend(to: i, now: now, force: true, out: &out)
            }
        }
    }

    /// Primary bookkeeping. A newly elected primary writes a no-op in its term (as MongoDB does), which
    /// lets the commit point advance over earlier terms' entries.
    mutating func becomePrimaryState(now: SimTime, writeNoop: Bool) {
        state = .primary
        knownPrimary = node
        for i in peers.indices {
            peers[i].matchIndex = 0
            peers[i].nextIndex = lastIndex + 1
            peers[i].appendInFlight = false
            peers[i].lastHeardAt = now
        }
        if writeNoop { appendLocal(OplogEntry(opTime: OpTime(term: term, index: lastIndex + 1), change: .noop, retry: nil)) }
        nextHeartbeatAt = now
        electionDeadline = .distantFuture
    }

    mutating func becomeSecondary(reason: StepDownReason, now: SimTime, random: inout RandomStream, out: inout StoreOutbox) {
        precondition(state == .primary)
        state = .secondary
        if knownPrimary == node { knownPrimary = nil }
        out.events.append(.steppedDown(node: node, term: term, reason: reason))
        let waiting = pending
        pending.removeAll()
        for write in waiting { failPending(write, error: .primarySteppedDown, appliedButConcernFailed: false, out: &out) }
        let parkedCommands = parked
        parked.removeAll()
        criticalSections.removeAll()
        for p in parkedCommands { replyError(.notWritablePrimary, to: p.from, requestID: p.command.requestID, out: &out) }
        lastPrimaryContact = now
        resetElectionTimer(now: now, random: &random)
    }

    /// A primary that has not heard from a majority of voting members within the election timeout
    /// steps down (§1.4: "a primary that sees only a minority steps down").
    mutating func checkMajorityContact(now: SimTime, random: inout RandomStream, out: inout StoreOutbox) {
        var reachable = 0
        for (i, member) in config.members.enumerated() where member.votes {
            if i == selfIndex || now - peers[i].lastHeardAt < settings.electionTimeout { reachable += 1 }
        }
        if reachable < config.majority {
            becomeSecondary(reason: .lostMajority, now: now, random: &random, out: &out)
        }
    }
}
