package io.voyagerota;

import io.voyagerota.catalog.Product;
import io.voyagerota.signing.VerifyingKey;

import io.voyagerota.spi.FleetStatistics;
import io.voyagerota.stats.DailyUpdates;
import io.voyagerota.stats.FleetStats;
import io.voyagerota.stats.StatsRange;

import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/** Products and their hardware models. */
public final class Products {
    private final Voyager voyager;

    Products(Voyager voyager) {
        this.voyager = voyager;
    }

    /** Stores a product; a release key, if given, must be a P-256 public key in PEM. */
    public Product create(Product product) {
        product.releaseKeyPem().ifPresent(VerifyingKey::fromPem); // refuse a bad key now, not at the first upload
        voyager.registry().catalog().insertProduct(product);
        voyager.refresh();
        return product;
    }

    public Product get(String productId) {
        return voyager.registry().catalog().findProduct(productId)
                .orElseThrow(() -> new NotFoundException("product", productId));
    }

    public List<Product> list() {
        return voyager.registry().catalog().products();
    }

    /** Today, the UTC day of Voyager's clock: where a statistics range ends by default. */
    public LocalDate today() {
        return LocalDate.ofInstant(voyager.now(), ZoneOffset.UTC);
    }

    /**
     * A product's fleet statistics over a range of UTC days, each figure computed by the registry (one aggregate
     * query each on a database). Days without outcomes are listed with zeros.
     */
    public FleetStats stats(String productId, StatsRange range) {
        get(productId);
        FleetStatistics statistics = voyager.registry().statistics();
        Map<LocalDate, DailyUpdates> reported = statistics.updatesPerDay(productId, range).stream()
                .collect(Collectors.toMap(DailyUpdates::day, Function.identity()));
        List<DailyUpdates> days = new ArrayList<>(range.days());
        for (LocalDate d = range.first(); !d.isAfter(range.last()); d = d.plusDays(1)) {
            days.add(reported.getOrDefault(d, DailyUpdates.none(d)));
        }
        return new FleetStats(productId, range, statistics.versions(productId), days,
                statistics.downloads(productId, range), statistics.failuresByCode(productId, range),
                statistics.rolloutStages(productId, range));
    }
}
