package dev.parapet.tls.fuzz;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.parapet.tls.AlertDescription;
import dev.parapet.tls.TlsException;
import org.junit.jupiter.api.Test;

/** The fuzz targets' checks can fail: a refusal without an alert, or a runtime exception in disguise, is a finding. */
class ReplayPropertiesTest {

    @Test
    void aProperRefusalPasses() {
        assertDoesNotThrow(() -> Replay.checkRefusal(TlsException.decodeError("bad length")));
        assertDoesNotThrow(() -> Replay.checkRefusal(TlsException.receivedAlert(null, "peer sent alert 200")));
    }

    @Test
    void aRefusalWithoutAnAlertIsAFinding() {
        assertThrows(AssertionError.class, () -> Replay.checkRefusal(new TlsException(null, "no alert")));
    }

    @Test
    void aRuntimeExceptionTurnedIntoInternalErrorIsAFinding() {
        TlsException wrapped = new TlsException(AlertDescription.INTERNAL_ERROR, "internal error",
                new ArrayIndexOutOfBoundsException(3));
        assertThrows(AssertionError.class, () -> Replay.checkRefusal(wrapped));
    }

    @Test
    void decodersMayOnlyThrowTheirDocumentedException() {
        assertThrows(AssertionError.class, () -> Decoders.tls(() -> {
            throw new IllegalStateException("a bug");
        }));
        assertThrows(AssertionError.class, () -> Decoders.only(IllegalArgumentException.class, () -> {
            throw new NullPointerException();
        }));
        assertDoesNotThrow(() -> Decoders.only(IllegalArgumentException.class, () -> {
            throw new IllegalArgumentException("documented");
        }));
    }
}
