package io.strata.engine.storage.s3;

import io.minio.errors.ErrorResponseException;
import io.minio.errors.InsufficientDataException;
import io.minio.errors.InvalidResponseException;
import io.minio.errors.ServerException;
import io.minio.errors.XmlParserException;
import io.strata.engine.storage.ObjectLockedException;
import io.strata.engine.storage.ObjectName;
import io.strata.engine.storage.ObjectNotFoundException;
import io.strata.engine.storage.PermanentStorageException;
import io.strata.engine.storage.RetryableStorageException;
import io.strata.engine.storage.StorageException;
import io.strata.engine.storage.StorageFullException;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.UnknownHostException;
import java.security.GeneralSecurityException;
import java.security.cert.CertPathValidatorException;
import java.security.cert.CertificateException;
import java.util.Set;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLPeerUnverifiedException;

/** Maps what the MinIO client throws to the engine's retryable and permanent storage errors. */
final class S3Errors {
    /** S3 error codes that say the credentials or their permissions are wrong: retrying cannot help. */
    private static final Set<String> AUTH = Set.of("AccessDenied", "InvalidAccessKeyId", "SignatureDoesNotMatch",
            "AllAccessDisabled", "AccountProblem", "InvalidToken", "ExpiredToken", "InvalidSecurity",
            "NotSignedUp", "AuthorizationHeaderMalformed", "AuthorizationQueryParametersError");
    /** S3 error codes that are transient even when their HTTP status is not 5xx. */
    private static final Set<String> TRANSIENT = Set.of("SlowDown", "ServiceUnavailable", "InternalError",
            "RequestTimeout", "OperationAborted", "Busy", "XMinioServerNotInitialized",
            "TooManyRequests", "ThrottlingException", "RequestLimitExceeded");
    /** S3 error codes that say the server or the account has no room left (MinIO's full drives, RGW's quotas). */
    private static final Set<String> FULL = Set.of("XMinioStorageFull", "QuotaExceeded", "XMinioAdminBucketQuotaExceeded");
    private static final Pattern RESPONSE_CODE = Pattern.compile("Response code: (\\d{3})");

    private S3Errors() {
    }

    static Throwable unwrap(Throwable t) {
        Throwable c = t;
        while ((c instanceof ExecutionException || c instanceof CompletionException) && c.getCause() != null) {
            c = c.getCause();
        }
        return c;
    }

    /**
     * @param what   the operation, for the message, e.g. {@code "get data/ab/ab12…"}
     * @param object the object concerned, or null: a missing key becomes ObjectNotFoundException only with it
     */
    static StorageException translate(String what, ObjectName object, String bucket, Throwable thrown) {
        Throwable t = unwrap(thrown);
        if (t instanceof StorageException se) {
            return se;
        }
        if (t instanceof ErrorResponseException e) {
            String code = e.errorResponse().code();
            int status = e.response() == null ? 0 : e.response().code();
            String detail = code + " (HTTP " + status + ")"
                    + (e.errorResponse().message() == null ? "" : ": " + e.errorResponse().message());
            if (("NoSuchKey".equals(code) || "NoSuchVersion".equals(code)) && object != null) {
                return new ObjectNotFoundException(object); // the engine's type carries no cause: nothing more to say
            }
            if ("NoSuchBucket".equals(code)) {
                return new PermanentStorageException(what + ": bucket '" + bucket + "' does not exist: " + detail, e);
            }
            if ("ObjectLocked".equals(code) && object != null) {
                return new ObjectLockedException(object, null, what + ": " + detail, e);
            }
            if (FULL.contains(code)) {
                return new StorageFullException(what + ": the storage has no room left: " + detail, e);
            }
            if ("BucketAlreadyExists".equals(code)) {
                return new PermanentStorageException(what + ": the bucket name '" + bucket
                        + "' is taken by another account or user: " + detail, e);
            }
            if (AUTH.contains(code) || status == 401 || status == 403) {
                return new PermanentStorageException(what + ": access denied by the server (check the access key, "
                        + "the secret key and the key's permissions on bucket '" + bucket + "'): " + detail, e);
            }
            if (TRANSIENT.contains(code) || transientStatus(status)) {
                return new RetryableStorageException(what + ": " + detail, e);
            }
            return new PermanentStorageException(what + ": " + detail, e);
        }
        if (t instanceof ServerException e) {
            int status = e.statusCode();
            String detail = "HTTP " + status + " from the server";
            return transientStatus(status)
                    ? new RetryableStorageException(what + ": " + detail, e)
                    : new PermanentStorageException(what + ": " + detail, e);
        }
        if (t instanceof InvalidResponseException e) {
            Matcher m = RESPONSE_CODE.matcher(String.valueOf(e.getMessage()));
            int status = m.find() ? Integer.parseInt(m.group(1)) : 0;
            if (status == 401 || status == 403) {
                return new PermanentStorageException(what + ": access denied (HTTP " + status
                        + ", not an S3 error document: is the endpoint an S3 API?)", e);
            }
            return transientStatus(status) || status == 0
                    ? new RetryableStorageException(what + ": unexpected response: " + e.getMessage(), e)
                    : new PermanentStorageException(what + ": unexpected response (is the endpoint an S3 API?): "
                            + e.getMessage(), e);
        }
        if (isCertificateProblem(t)) {
            return new PermanentStorageException(what + ": TLS certificate of the endpoint is not trusted or does not "
                    + "match its host name (pass the CA certificate that signed it): " + t, t);
        }
        if (t instanceof UnknownHostException) {
            return new RetryableStorageException(what + ": unknown host " + t.getMessage(), t);
        }
        if (t instanceof InterruptedException || t instanceof InterruptedIOException && !(t
                instanceof java.net.SocketTimeoutException)) {
            Thread.currentThread().interrupt();
            return new RetryableStorageException(what + ": interrupted", t);
        }
        if (t instanceof IOException || t instanceof InsufficientDataException || t instanceof XmlParserException) {
            return new RetryableStorageException(what + ": " + t, t);
        }
        if (t instanceof GeneralSecurityException) {
            return new PermanentStorageException(what + ": " + t, t);
        }
        if (t instanceof RuntimeException && t.getCause() instanceof IOException io) {
            return new RetryableStorageException(what + ": " + io, t);
        }
        return new PermanentStorageException(what + ": " + t, t);
    }

    /** 5xx except 501 Not Implemented and 505 HTTP Version Not Supported, 408 and 429: worth trying again. */
    static boolean transientStatus(int status) {
        return status >= 500 && status != 501 && status != 505 || status == 408 || status == 429;
    }

    private static boolean isCertificateProblem(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (c instanceof SSLPeerUnverifiedException || c instanceof CertPathValidatorException
                    || c instanceof CertificateException) {
                return true;
            }
            if (c instanceof SSLHandshakeException && c.getMessage() != null
                    && (c.getMessage().contains("PKIX") || c.getMessage().contains("certificate"))) {
                return true;
            }
            if (c.getCause() == c) {
                break;
            }
        }
        return false;
    }
}
