package com.forumpay.sdk;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The blocking API as plain Java sees it: no coroutines, no Kotlin defaults. */
class JavaCallerTest {
    @Test
    void startWatchAndFailLikeJava() throws Exception {
        try (Sandbox sandbox = new Sandbox(); BlockingClient client = new BlockingClient(sandbox.config("web"))) {
            StartedPayment started = client.startPayment(new StartPayment(
                    "EUR", new BigDecimal("48.25"), "BTC", null, null, "order-7", null, null, null, null, null,
                    null, null, null, null, null, null, null, null, null, null, null, null, null, null, null));
            sandbox.pay(started.getPaymentId(), started.getAmount());
            sandbox.addConfirmations(started.getPaymentId(), 1);

            List<PaymentState> states = new ArrayList<>();
            try (PullIterator<PaymentUpdate> updates = client.watchPayment(Payments.paymentRef(started))) {
                updates.forEachRemaining(u -> states.add(u.getState()));
            }
            assertEquals(List.of(PaymentState.Confirmed.INSTANCE), states);

            try {
                client.checkPayment(new PaymentRef("nope", "BTC", "x", null));
                throw new AssertionError("expected NotFound");
            } catch (ForumPayException.NotFound e) {
                assertEquals("not_found", ForumPayErrors.getCode(e));
                assertEquals(Integer.valueOf(404), ForumPayErrors.getHttpStatus(e));
            }
        }
    }
}
