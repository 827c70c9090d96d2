import CinemaDomain

/// One step of a user journey (DESIGN §3): which endpoint it calls and what it sends.
enum JourneyStep: UInt8 {
    case page, moviesShowing, cinema, cartelera, seatMap, login, hold, pay, confirm
    case purchases, customer, shareOnSocial, managerCinemas, chains, auditorium, manageWrite

    /// Journey definitions: browse the cartelera; buy (login → seat map → hold → pay → confirm);
    /// share a purchase on social media; an encargado or admin maintains the catalogue. Every API
    /// route needs a token with the `read` scope at the gateway (deny by default), so each journey
    /// logs in first unless its token is still good.
    static let browse: [JourneyStep] = [.page, .login, .moviesShowing, .cinema, .cartelera, .seatMap]
    static let buy: [JourneyStep] = [.login, .seatMap, .hold, .pay, .confirm]
    static let share: [JourneyStep] = [.login, .purchases, .customer, .shareOnSocial]
    static let manage: [JourneyStep] = [.login, .managerCinemas, .chains, .auditorium, .manageWrite]
}

extension Endpoint {
    /// Reads anyone may make without a token (public catalogue data).
    var isPublic: Bool {
        switch self {
        case .listChains, .getChain, .listCinemasOfChain, .getCinema, .listAuditoriumsOfCinema, .getCartelera, .getAuditorium,
             .listMovies, .getMovie, .listMoviesShowing, .getShowtime, .registerUser:
            return true
        default:
            return false
        }
    }
}
