import Projections

/// The read models this build keeps, in the order commands list them. A new read model is one file of its own
/// (its fold, rows and queries, a `Projection`) and one line here: everything the runner does with a model
/// (catch-up, follow, rebuild, check, diff, as-of, digest, export) works through `Projection` alone.
let readModelTypes: [any Projection.Type] = [
    TiersProjection.self,
    StatisticsProjection.self,
    CreditProjection.self,
    TrailProjection.self,
    SupervisionProjection.self,
]
