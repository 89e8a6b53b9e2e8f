package io.strata.engine.storage.azure;

import com.azure.core.exception.HttpResponseException;
import com.azure.storage.blob.models.BlobErrorCode;
import com.azure.storage.blob.models.BlobStorageException;
import io.strata.engine.storage.ObjectLockedException;
import io.strata.engine.storage.ObjectName;
import io.strata.engine.storage.ObjectNotFoundException;
import io.strata.engine.storage.PermanentStorageException;
import io.strata.engine.storage.RetryableStorageException;
import io.strata.engine.storage.StorageException;
import java.io.IOException;
import java.security.cert.CertPathValidatorException;
import java.security.cert.CertificateException;
import java.util.concurrent.TimeoutException;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLPeerUnverifiedException;

/** Maps what the Azure SDK throws to the engine's retryable and permanent storage errors. */
final class AzureErrors {
    private AzureErrors() {
    }

    /**
     * @param what   the operation, for the message
     * @param object the blob's object, or null: a missing blob becomes ObjectNotFoundException only with it
     */
    static StorageException translate(String what, ObjectName object, String container, Throwable t) {
        if (t instanceof StorageException se) {
            return se;
        }
        BlobStorageException bse = find(t, BlobStorageException.class);
        if (bse != null) {
            int status = bse.getStatusCode();
            BlobErrorCode code = bse.getErrorCode();
            String codeName = code == null ? "(no error code)" : code.toString();
            String detail = codeName + " (HTTP " + status + ")";
            if (object != null && (BlobErrorCode.BLOB_NOT_FOUND.equals(code) || status == 404 && code == null)) {
                return new ObjectNotFoundException(object); // the engine's type carries no cause
            }
            if (BlobErrorCode.CONTAINER_NOT_FOUND.equals(code) || BlobErrorCode.CONTAINER_BEING_DELETED.equals(code)) {
                return new PermanentStorageException(what + ": container '" + container + "' does not exist: " + detail,
                        bse);
            }
            if (codeName.contains("Immutable") || codeName.contains("LegalHold")) {
                if (object != null) {
                    return new ObjectLockedException(object, null, what + ": " + detail, bse);
                }
                return new PermanentStorageException(what + ": " + detail, bse);
            }
            if (status == 401 || status == 403 || codeName.startsWith("Authentication")
                    || codeName.startsWith("Authorization") || BlobErrorCode.INVALID_AUTHENTICATION_INFO.equals(code)
                    || BlobErrorCode.NO_AUTHENTICATION_INFORMATION.equals(code)) {
                return new PermanentStorageException(what + ": access denied by the service (check the account, its key "
                        + "or SAS, and its permissions on container '" + container + "'): " + detail, bse);
            }
            if (transientStatus(status) || BlobErrorCode.SERVER_BUSY.equals(code)
                    || BlobErrorCode.OPERATION_TIMED_OUT.equals(code) || BlobErrorCode.INTERNAL_ERROR.equals(code)) {
                return new RetryableStorageException(what + ": " + detail, bse);
            }
            return new PermanentStorageException(what + ": " + detail + ": " + firstLine(bse.getServiceMessage()), bse);
        }
        HttpResponseException hre = find(t, HttpResponseException.class);
        if (hre != null && hre.getResponse() != null) {
            int status = hre.getResponse().getStatusCode();
            return transientStatus(status)
                    ? new RetryableStorageException(what + ": HTTP " + status, hre)
                    : new PermanentStorageException(what + ": HTTP " + status + ": " + firstLine(hre.getMessage()), hre);
        }
        if (isCertificateProblem(t)) {
            return new PermanentStorageException(what + ": TLS certificate of the endpoint is not trusted or does not "
                    + "match its host name: " + t, t);
        }
        if (find(t, InterruptedException.class) != null) {
            Thread.currentThread().interrupt();
            return new RetryableStorageException(what + ": interrupted", t);
        }
        Throwable io = find(t, IOException.class);
        if (io == null) {
            io = find(t, TimeoutException.class);
        }
        if (io != null) {
            return new RetryableStorageException(what + ": " + io, t);
        }
        return new PermanentStorageException(what + ": " + t, t);
    }

    /** 5xx except 501 Not Implemented and 505 HTTP Version Not Supported, 408 and 429: worth trying again. */
    static boolean transientStatus(int status) {
        return status >= 500 && status != 501 && status != 505 || status == 408 || status == 429;
    }

    private static String firstLine(String s) {
        if (s == null) {
            return "";
        }
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }

    static <T extends Throwable> T find(Throwable t, Class<T> type) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (type.isInstance(c)) {
                return type.cast(c);
            }
            for (Throwable s : c.getSuppressed()) {
                if (type.isInstance(s)) {
                    return type.cast(s);
                }
            }
            if (c.getCause() == c) {
                break;
            }
        }
        return null;
    }

    private static boolean isCertificateProblem(Throwable t) {
        if (find(t, SSLPeerUnverifiedException.class) != null || find(t, CertPathValidatorException.class) != null
                || find(t, CertificateException.class) != null) {
            return true;
        }
        SSLHandshakeException h = find(t, SSLHandshakeException.class);
        return h != null && h.getMessage() != null && (h.getMessage().contains("PKIX") || h.getMessage().contains(
                "certificate"));
    }
}
