package com.forumpay.sdk;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The blocking API as plain Java sees it: no coroutines, no Kotlin defaults (records from named values). */
class JavaCallerTest {
    private static Settings settings(Sandbox sandbox) throws ForumPayException {
        Settings base = sandbox.settings();
        return Named.fromNamed(Settings.Companion, Map.of(
                "apiUser", base.getApiUser(), "apiSecret", base.getApiSecret(), "baseUrl", base.getBaseUrl(), "posId", "web"));
    }

    private static StartPayment order(String reference) throws ForumPayException {
        return Named.fromNamed(StartPayment.Companion, Map.of(
                "invoiceCurrency", "EUR", "invoiceAmount", new BigDecimal("48.25"), "currency", "BTC", "referenceNo", reference));
    }

    @Test
    void startWatchAndFailLikeJava() throws Exception {
        try (Sandbox sandbox = new Sandbox(); BlockingClient client = new BlockingClient(settings(sandbox))) {
            StartedPayment started = client.startPayment(order("order-7"));
            sandbox.control("pay", Map.of("paymentId", started.getPaymentId(), "amount", started.getAmount()));
            sandbox.control("confirm", Map.of("paymentId", started.getPaymentId(), "confirmations", 1));

            WatchPayment watch = Named.fromNamed(WatchPayment.Companion, Map.of(
                    "paymentId", started.getPaymentId(), "currency", started.getCurrency(), "address", started.getAddress(), "intervalMs", 1000));
            List<PaymentState> states = new ArrayList<>();
            try (PullIterator<PaymentUpdate> updates = client.watchPayment(watch)) {
                updates.forEachRemaining(u -> states.add(u.getState()));
            }
            assertEquals(List.of(PaymentState.Confirmed.INSTANCE), states);

            try {
                client.checkPayment(Named.fromNamed(PaymentRef.Companion, Map.of("paymentId", "nope", "currency", "BTC", "address", "x")));
                throw new AssertionError("expected NotFound");
            } catch (ForumPayException.NotFound e) {
                assertEquals("not_found", e.getCode());
                assertEquals(Integer.valueOf(404), e.getHttpStatus());
            }
            try {
                Named.fromNamed(GetRate.Companion, Map.of("invoiceCurrency", "EUR", "invoiceAmount", 48.25, "currency", "BTC"));
                throw new AssertionError("expected Validation: an amount is never a float");
            } catch (ForumPayException.Validation e) {
                assertEquals("invoiceAmount", e.getField());
            }
        }
    }

    @Test
    void webhookEndpointLikeJava() throws Exception {
        try (Sandbox sandbox = new Sandbox(); BlockingClient client = new BlockingClient(settings(sandbox))) {
            String sink = (String) ((Map<?, ?>) sandbox.control("webhook_sink").parse()).get("url");
            sandbox.control("set_webhook_url", Map.of("url", sink));
            StartedPayment started = client.startPayment(order("order-8"));
            KnownPayment known = Named.fromNamed(KnownPayment.Companion, Map.of(
                    "paymentId", started.getPaymentId(), "currency", started.getCurrency(), "address", started.getAddress()));
            sandbox.control("pay", Map.of("paymentId", started.getPaymentId(), "amount", started.getAmount()));
            sandbox.control("flush_webhooks");
            List<?> bodies = (List<?>) ((Map<?, ?>) sandbox.control("received_webhooks").parse()).get("webhooks");
            byte[] body = ((String) bodies.get(0)).getBytes(StandardCharsets.UTF_8);

            List<VerifiedWebhook> seen = new ArrayList<>();
            WebhookEndpoint endpoint = WebhookEndpoint.of(client.getClient(), n -> n.getPaymentId().equals(known.getPaymentId()) ? known : null, seen::add);
            WebhookAnswer answer = endpoint.handleBlocking(body);
            assertEquals(200, Webhooks.getHttpStatus(answer));
            assertEquals(WebhookOutcome.HANDLED, answer.getBody().getOutcome());
            assertEquals(PaymentState.Processing.INSTANCE, seen.get(0).getPayment().getState());
            assertEquals(WebhookOutcome.REPLAY, endpoint.handleBlocking(body, "127.0.0.1").getBody().getOutcome());
            assertEquals(400, Webhooks.getHttpStatus(endpoint.handleBlocking("{}".getBytes(StandardCharsets.UTF_8))));
        }
    }
}
