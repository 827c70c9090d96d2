import CinemaDomain
import SimulationPrimitives

/// In-place access to large value-type cores held in the simulation's stored properties.
///
/// A non-mutating method called on a struct stored in a class property makes Swift copy the whole
/// struct first (one retain per table it holds, then as many releases): for the read model that is
/// ~17 dictionaries per query answered. Passing the property `inout` lets the call borrow it in place.
extension PlatformSimulation {
    /// ``ReadModel/answer(_:actor:now:)`` on ``readModel`` without copying it.
    @inline(__always) func answerFromReadModel(_ query: CinemaDomain.Query, actor: CinemaDomain.Actor, now: SimTime) -> Result<QueryResponse, DomainError> {
        Self.answer(query, actor: actor, now: now, from: &readModel)
    }

    @inline(__always) static func answer(_ query: CinemaDomain.Query, actor: CinemaDomain.Actor, now: SimTime, from model: inout ReadModel) -> Result<QueryResponse, DomainError> {
        model.answer(query, actor: actor, now: now)
    }
}
