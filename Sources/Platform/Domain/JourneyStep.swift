import CinemaDomain

/// One step of a user journey (DESIGN §3): which endpoint it calls and what it sends.
enum JourneyStep: UInt8 {
    case page, moviesShowing, cinema, cartelera, seatMap, login, hold, pay, confirm
    case purchases, customer, shareOnSocial, managerCinemas, chains, auditorium, manageWrite

    /// Journey definitions: browse the cartelera; buy (seat map → login → hold → pay → confirm);
    /// share a purchase on social media; an encargado or admin maintains the catalogue.
    static let browse: [JourneyStep] = [.page, .moviesShowing, .cinema, .cartelera, .seatMap]
    static let buy: [JourneyStep] = [.seatMap, .login, .hold, .pay, .confirm]
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
