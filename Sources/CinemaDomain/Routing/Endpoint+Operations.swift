extension Command {
    /// The API operation that carries this command (its route name is the budget target,
    /// e.g. `POST /api/compras/{id}/confirmar`). `expireHold` is internal (the platform's sweeper)
    /// and has no route: nil.
    public var endpoint: Endpoint? {
        switch self {
        case .createChain: .createChain
        case .renameChain: .renameChain
        case .createCinema: .createCinema
        case .updateCinema: .updateCinema
        case .retireCinema: .retireCinema
        case .createManager: .createManager
        case .assignManager: .assignManager
        case .unassignManager: .unassignManager
        case .createAuditorium: .createAuditorium
        case .updateAuditorium: .updateAuditorium
        case .retireAuditorium: .retireAuditorium
        case .createMovie: .createMovie
        case .updateMovie: .updateMovie
        case .retireMovie: .retireMovie
        case .scheduleShowtime: .scheduleShowtime
        case .cancelShowtime: .cancelShowtime
        case .registerUser: .registerUser
        case .changePassword: .changePassword
        case .setRoles: .setRoles
        case .deactivateUser: .deactivateUser
        case .registerCustomer: .registerCustomer
        case .updateCustomer: .updateCustomer
        case .holdSeats: .holdSeats
        case .payPurchase: .payPurchase
        case .confirmPurchase: .confirmPurchase
        case .releaseHold: .releaseHold
        case .cancelPurchase: .cancelPurchase
        case .expireHold: nil
        }
    }
}

extension Query {
    /// The API operation that carries this query.
    public var endpoint: Endpoint {
        switch self {
        case .chains: .listChains
        case .chain: .getChain
        case .cinemasOfChain: .listCinemasOfChain
        case .cinema: .getCinema
        case .manager: .getManager
        case .cinemasOfManager: .listCinemasOfManager
        case .auditoriumsOfCinema: .listAuditoriumsOfCinema
        case .auditorium: .getAuditorium
        case .movies: .listMovies
        case .movie: .getMovie
        case .moviesShowing: .listMoviesShowing
        case .cartelera: .getCartelera
        case .showtime: .getShowtime
        case .user: .getUser
        case .customer: .getCustomer
        case .purchasesOfCustomer: .listPurchasesOfCustomer
        case .purchase: .getPurchase
        }
    }
}
