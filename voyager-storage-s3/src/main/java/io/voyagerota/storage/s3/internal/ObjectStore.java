package io.voyagerota.storage.s3.internal;

import software.amazon.awssdk.core.ResponseInputStream;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.S3Exception;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The few S3 operations the storage needs, on one bucket, with the SDK's unchecked exceptions turned into
 * {@link IOException}s that say what was being done. A refused conditional write is a {@link WriteConflict}.
 */
public final class ObjectStore {
    /** S3's limit on parts per multipart upload. */
    public static final int MAX_PARTS = 10_000;
    /** The largest part UploadPartCopy accepts. */
    public static final long MAX_COPY_PART = 5L * 1024 * 1024 * 1024;
    private static final String BINARY = "application/octet-stream";
    private static final int CONFLICT_ATTEMPTS = 3;

    private final S3Client client;
    private final String bucket;
    private final boolean conditional;
    private final long copyPartSize;

    /**
     * @param conditional  whether to send {@code If-None-Match: *} on writes that must not replace an object
     * @param copyPartSize bytes per UploadPartCopy part, at most {@link #MAX_COPY_PART}
     */
    public ObjectStore(S3Client client, String bucket, boolean conditional, long copyPartSize) {
        this.client = client;
        this.bucket = bucket;
        this.conditional = conditional;
        this.copyPartSize = copyPartSize;
    }

    /** What HEAD says of an object. */
    public record Info(long size, String eTag, Map<String, String> metadata) {
    }

    /** A create-only write refused because the key exists (412), or still racing another one after retries (409). */
    public static final class WriteConflict extends IOException {
        WriteConflict(String bucket, String key, Throwable cause) {
            super("s3://" + bucket + "/" + key + " was written by someone else first", cause);
        }
    }

    public String bucket() {
        return bucket;
    }

    public S3Client client() {
        return client;
    }

    public Optional<Info> head(String key) throws IOException {
        try {
            HeadObjectResponse r = client.headObject(b -> b.bucket(bucket).key(key));
            return Optional.of(new Info(r.contentLength(), r.eTag(), r.metadata()));
        } catch (S3Exception e) {
            if (e.statusCode() == 404) {
                return Optional.empty();
            }
            throw failure("read the metadata of", key, e);
        } catch (SdkException e) {
            throw failure("read the metadata of", key, e);
        }
    }

    /** Stores {@code length} bytes of {@code bytes}, create-only when {@code createOnly} and the store allows it. */
    public void put(String key, byte[] bytes, int length, Map<String, String> metadata, boolean createOnly)
            throws IOException {
        call("write", key, () -> client.putObject(b -> {
            b.bucket(bucket).key(key).contentType(BINARY).contentLength((long) length).metadata(metadata);
            if (createOnly && conditional) {
                b.ifNoneMatch("*");
            }
        }, body(bytes, length)));
    }

    public String createUpload(String key, Map<String, String> metadata) throws IOException {
        return call("start a multipart upload to", key, () -> client.createMultipartUpload(b -> b.bucket(bucket)
                .key(key).contentType(BINARY).metadata(metadata))).uploadId();
    }

    public CompletedPart uploadPart(String key, String uploadId, int number, byte[] bytes, int length)
            throws IOException {
        String eTag = call("upload part " + number + " of", key, () -> client.uploadPart(b -> b.bucket(bucket)
                .key(key).uploadId(uploadId).partNumber(number).contentLength((long) length),
                body(bytes, length))).eTag();
        return CompletedPart.builder().partNumber(number).eTag(eTag).build();
    }

    public void complete(String key, String uploadId, List<CompletedPart> parts, boolean createOnly)
            throws IOException {
        call("complete the multipart upload to", key, () -> client.completeMultipartUpload(b -> {
            b.bucket(bucket).key(key).uploadId(uploadId).multipartUpload(m -> m.parts(parts));
            if (createOnly && conditional) {
                b.ifNoneMatch("*");
            }
        }));
    }

    /** Aborts an upload, keeping the first failure the caller is already reporting. */
    public void abortQuietly(String key, String uploadId, Throwable reported) {
        try {
            client.abortMultipartUpload(b -> b.bucket(bucket).key(key).uploadId(uploadId));
        } catch (SdkException e) {
            reported.addSuppressed(e);
        }
    }

    /**
     * Copies an object server-side, with new metadata, as a multipart copy so that any size works and the final step
     * can be create-only. An empty object is written directly, since a copy needs at least one byte.
     */
    public void copy(String from, String to, long size, Map<String, String> metadata, boolean createOnly)
            throws IOException {
        if (size == 0) {
            put(to, new byte[0], 0, metadata, createOnly);
            return;
        }
        String uploadId = createUpload(to, metadata);
        try {
            List<CompletedPart> parts = new ArrayList<>();
            for (long start = 0; start < size; start += copyPartSize) {
                int number = parts.size() + 1;
                String range = "bytes=" + start + "-" + (Math.min(size, start + copyPartSize) - 1);
                String eTag = call("copy " + from + " into", to, () -> client.uploadPartCopy(b -> b
                        .sourceBucket(bucket).sourceKey(from).copySourceRange(range)
                        .destinationBucket(bucket).destinationKey(to).uploadId(uploadId).partNumber(number)))
                        .copyPartResult().eTag();
                parts.add(CompletedPart.builder().partNumber(number).eTag(eTag).build());
            }
            complete(to, uploadId, parts, createOnly);
        } catch (IOException | RuntimeException e) {
            abortQuietly(to, uploadId, e);
            throw e;
        }
    }

    public void delete(String key) throws IOException {
        call("delete", key, () -> client.deleteObject(b -> b.bucket(bucket).key(key)));
    }

    /** Deletes, keeping the first failure the caller is already reporting. */
    public void deleteQuietly(String key, Throwable reported) {
        try {
            client.deleteObject(b -> b.bucket(bucket).key(key));
        } catch (SdkException e) {
            reported.addSuppressed(e);
        }
    }

    /** A multipart upload in progress, and when the store says it was started (empty if it does not say). */
    public record Upload(String key, String uploadId, Optional<Instant> initiated) {
    }

    /** An object's key and when it was last written. */
    public record Listed(String key, Instant lastModified) {
    }

    /** Every multipart upload in progress whose key starts with {@code prefix}. */
    public List<Upload> uploads(String prefix) throws IOException {
        try {
            List<Upload> uploads = new ArrayList<>();
            for (var page : client.listMultipartUploadsPaginator(b -> b.bucket(bucket).prefix(prefix))) {
                for (var u : page.uploads()) {
                    if (u.key() != null && u.key().startsWith(prefix)) { // some stores ignore the prefix
                        uploads.add(new Upload(u.key(), u.uploadId(), Optional.ofNullable(u.initiated())));
                    }
                }
            }
            return uploads;
        } catch (SdkException e) {
            throw failure("list the multipart uploads under", prefix, e);
        }
    }

    public void abort(String key, String uploadId) throws IOException {
        try {
            client.abortMultipartUpload(b -> b.bucket(bucket).key(key).uploadId(uploadId));
        } catch (S3Exception e) {
            if (e.statusCode() != 404) { // NoSuchUpload: finished or aborted meanwhile
                throw failure("abort the multipart upload " + uploadId + " to", key, e);
            }
        } catch (SdkException e) {
            throw failure("abort the multipart upload " + uploadId + " to", key, e);
        }
    }

    /** Every object whose key starts with {@code prefix}. */
    public List<Listed> list(String prefix) throws IOException {
        try {
            List<Listed> objects = new ArrayList<>();
            for (var o : client.listObjectsV2Paginator(b -> b.bucket(bucket).prefix(prefix)).contents()) {
                if (o.key().startsWith(prefix)) {
                    objects.add(new Listed(o.key(), o.lastModified()));
                }
            }
            return objects;
        } catch (SdkException e) {
            throw failure("list the objects under", prefix, e);
        }
    }

    /** One ListObjectsV2 answer: objects in key order, and whether the store has more after them. */
    public record Page(List<Listed> objects, boolean truncated) {
    }

    /**
     * Up to {@code maxKeys} objects under {@code prefix} whose keys come after {@code startAfter} ({@code ""}: from
     * the first), in one request, so that a caller pages through a bucket of any size without holding it.
     */
    public Page page(String prefix, String startAfter, int maxKeys) throws IOException {
        try {
            var answer = client.listObjectsV2(b -> {
                b.bucket(bucket).prefix(prefix).maxKeys(maxKeys);
                if (!startAfter.isEmpty()) {
                    b.startAfter(startAfter);
                }
            });
            List<Listed> objects = new ArrayList<>();
            for (var o : answer.contents()) {
                // some stores ignore the prefix or the start
                if (o.key().startsWith(prefix) && o.key().compareTo(startAfter) > 0) {
                    objects.add(new Listed(o.key(), o.lastModified()));
                }
            }
            return new Page(objects, Boolean.TRUE.equals(answer.isTruncated()));
        } catch (SdkException e) {
            throw failure("list the objects under", prefix, e);
        }
    }

    /**
     * Bytes {@code offset..offset+length-1} ({@code length > 0}) of the object whose ETag is {@code eTag}; empty when
     * that object is gone (404), or was replaced since its ETag was read (412).
     */
    public Optional<ResponseInputStream<GetObjectResponse>> read(String key, String eTag, long offset, long length)
            throws IOException {
        try {
            return Optional.of(client.getObject(b -> b.bucket(bucket).key(key).ifMatch(eTag)
                    .range("bytes=" + offset + "-" + (offset + length - 1))));
        } catch (S3Exception e) {
            if (e.statusCode() == 404 || e.statusCode() == 412) {
                return Optional.empty();
            }
            throw failure("read", key, e);
        } catch (SdkException e) {
            throw failure("read", key, e);
        }
    }

    /**
     * Runs a request. A 412 is a {@link WriteConflict}; so is a 409, which S3 answers to one of two conditional
     * writes of a key that overlap, after the request was tried {@link #CONFLICT_ATTEMPTS} times (S3 asks callers to
     * retry it: the other write may yet fail).
     */
    /** A small object's bytes, at most {@code limit} of them; empty when it does not exist. */
    public Optional<byte[]> readSmall(String key, int limit) throws IOException {
        Optional<Info> info = head(key);
        if (info.isEmpty()) {
            return Optional.empty();
        }
        if (info.get().size() > limit) {
            throw new IOException("s3://" + bucket + "/" + key + " has " + info.get().size() + " bytes, more than the "
                    + limit + " expected of it; it was not written by Voyager");
        }
        if (info.get().size() == 0) {
            return Optional.of(new byte[0]);
        }
        Optional<ResponseInputStream<GetObjectResponse>> body = read(key, info.get().eTag(), 0, info.get().size());
        if (body.isEmpty()) {
            return Optional.empty();
        }
        try (ResponseInputStream<GetObjectResponse> in = body.get()) {
            return Optional.of(in.readAllBytes());
        } catch (SdkException e) {
            throw failure("read", key, e);
        }
    }

    private <T> T call(String what, String key, Supplier<T> request) throws IOException {
        for (int attempt = 1; ; attempt++) {
            try {
                return request.get();
            } catch (S3Exception e) {
                if (e.statusCode() == 412 || e.statusCode() == 409 && attempt == CONFLICT_ATTEMPTS) {
                    throw new WriteConflict(bucket, key, e);
                }
                if (e.statusCode() != 409) {
                    throw failure(what, key, e);
                }
                pause(attempt);
            } catch (SdkException e) {
                throw failure(what, key, e);
            }
        }
    }

    private static void pause(int attempt) throws IOException {
        try {
            Thread.sleep(50L * attempt);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while retrying a conditional write");
        }
    }

    private IOException failure(String what, String key, SdkException e) {
        String detail = e instanceof S3Exception s3 && s3.awsErrorDetails() != null
                ? " (" + s3.statusCode() + " " + s3.awsErrorDetails().errorCode() + ")" : "";
        return new IOException("could not " + what + " s3://" + bucket + "/" + key + detail + ": " + e.getMessage(), e);
    }

    private static RequestBody body(byte[] bytes, int length) {
        // A provider rather than a copy: the SDK may read the part again to retry or to compute a checksum.
        return RequestBody.fromContentProvider(() -> new ByteArrayInputStream(bytes, 0, length), length, BINARY);
    }
}
