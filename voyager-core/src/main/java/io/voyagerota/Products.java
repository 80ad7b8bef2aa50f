package io.voyagerota;

import io.voyagerota.catalog.Product;

import java.util.List;

/** Products and their hardware models. */
public final class Products {
    private final Voyager voyager;

    Products(Voyager voyager) {
        this.voyager = voyager;
    }

    public Product create(Product product) {
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
