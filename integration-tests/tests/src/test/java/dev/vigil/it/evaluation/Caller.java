package dev.vigil.it.evaluation;

import dev.vigil.it.harness.Http;
import dev.vigil.it.harness.ServerProcess;

/**
 * One labelled source of traffic: a person, an office's NAT address, an API client, a crawler, or an
 * attack campaign. Each step sends one request and says how long to wait before the next (or that it
 * is done); the caller keeps what the evaluation reports: requests sent, refusals (429 or 403), and
 * when and after how many requests it was first refused.
 */
abstract class Caller {
    final String kind;
    final String id;
    final boolean attack;
    private int sent;
    private int refused;
    private long firstAt = -1;
    private long refusedAt = -1;
    private int sentBeforeRefusal = -1;

    Caller(String kind, String id, boolean attack) {
        this.kind = kind;
        this.id = id;
        this.attack = attack;
    }

    /** Sends the next request; returns milliseconds until the one after, or -1 when done. */
    abstract long step(ServerProcess server, long elapsedMillis);

    /** Sends one request and counts its answer. */
    final synchronized int send(ServerProcess server, String method, String path, String form, String... headers) {
        long now = System.nanoTime();
        if (firstAt < 0) {
            firstAt = now;
        }
        int status = "GET".equals(method) ? Http.get(server, path, headers).status : Http.postForm(server, path, form == null ? "" : form, headers).status;
        sent++;
        if (isRefusal(status)) {
            refused++;
            if (refusedAt < 0) {
                refusedAt = System.nanoTime();
                sentBeforeRefusal = sent - 1;
            }
        }
        return status;
    }

    /** Whether Vigil refused the request: 429, or 403 (the deny list); a caller the app itself answers 403 says otherwise. */
    boolean isRefusal(int status) {
        return status == 429 || status == 403;
    }

    synchronized boolean refusedYet() {
        return refusedAt >= 0;
    }

    synchronized int sent() {
        return sent;
    }

    synchronized int refused() {
        return refused;
    }

    /** Requests it sent before its first refusal, or -1. */
    synchronized int sentBeforeRefusal() {
        return sentBeforeRefusal;
    }

    /** Seconds from its first request to its first refusal, or -1. */
    synchronized double secondsToRefusal() {
        return refusedAt < 0 ? -1 : (refusedAt - firstAt) / 1e9;
    }

    /** Whether the evaluation counts it as caught (an attack) or affected (benign): refused at least once, unless it says otherwise. */
    boolean caught(String auditText) {
        return refusedYet();
    }
}
