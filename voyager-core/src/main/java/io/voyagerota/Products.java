package io.voyagerota;

import io.voyagerota.catalog.Product;
import io.voyagerota.signing.VerifyingKey;

import java.util.List;

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
}
