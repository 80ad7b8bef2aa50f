package io.voyagerota.jdbc;

class H2ReferenceModelTest extends ReferenceModelTest {
    @Override
    Dialect dialect() {
        return Dialect.H2;
    }
}
