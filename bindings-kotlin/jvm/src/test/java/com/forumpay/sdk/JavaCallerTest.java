package com.forumpay.sdk;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.math.BigDecimal;
import java.time.Duration;
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

    @Test
    void webhookEndpointLikeJava() throws Exception {
        try (Sandbox sandbox = new Sandbox(); BlockingClient client = new BlockingClient(sandbox.config("web"))) {
            sandbox.setWebhookUrl(sandbox.webhookSinkUrl());
            StartedPayment started = client.startPayment(new StartPayment(
                    "EUR", new BigDecimal("48.25"), "BTC", null, null, "order-8", null, null, null, null, null,
                    null, null, null, null, null, null, null, null, null, null, null, null, null, null, null));
            KnownPayment known = new KnownPayment(started.getPaymentId(), started.getCurrency(), started.getAddress(), null, null);
            sandbox.pay(started.getPaymentId(), started.getAmount());
            sandbox.flushWebhooks(Duration.ofSeconds(10));
            byte[] body = sandbox.receivedWebhooks().get(0).getBytes(java.nio.charset.StandardCharsets.UTF_8);

            assertEquals(PaymentState.Processing.INSTANCE, client.verifyWebhook(body, known).getPayment().getState());
            List<VerifiedWebhook> seen = new ArrayList<>();
            WebhookEndpoint endpoint = WebhookEndpoint.of(client.getClient(), id -> id.equals(known.getPaymentId()) ? known : null, seen::add);
            WebhookOutcome outcome = endpoint.handleBlocking(body);
            assertEquals(200, outcome.getStatus());
            assertEquals("handled", outcome.getReason());
            assertEquals(1, seen.size());
            assertEquals("replay", endpoint.handleBlocking(body, "127.0.0.1").getReason());
            assertEquals(400, endpoint.handleBlocking("{}".getBytes(java.nio.charset.StandardCharsets.UTF_8)).getStatus());
        }
    }
}
