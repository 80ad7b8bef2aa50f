/**
 * Release signing: ECDSA P-256 over SHA-256 with 64-byte r‖s signatures, the form mbedTLS verifies on the device.
 * {@link io.voyagerota.signing.SigningKey} signs (it lives with the release pipeline, ideally offline),
 * {@link io.voyagerota.signing.VerifyingKey} verifies (it is configured on the product),
 * {@link io.voyagerota.signing.EcdsaSignatures} converts to and from the DER form openssl uses, and
 * {@code io.voyagerota.validation.SignatureStep} makes a product's key binding in the release validation pipeline.
 * Keys are read and written as PEM by the JDK alone, without a third-party provider.
 */
@NullMarked
package io.voyagerota.signing;

import org.jspecify.annotations.NullMarked;
