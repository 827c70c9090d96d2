/// Size of the generated cinema chain (DESIGN §4 `catalog`), generated from the seed by the domain core.
public struct CatalogSettings: Sendable, Equatable {
    public var cines: Int
    public var salasPerCine: Int
    public var rowsPerSala: Int
    public var seatsPerRow: Int
    public var peliculas: Int
    public var funcionesPerSala: Int
    public var clientes: Int
    /// Total seats offered = cines × salas × rows × seats × funciones.
    public var seatsOffered: Int { cines * salasPerCine * rowsPerSala * seatsPerRow * funcionesPerSala }
}
