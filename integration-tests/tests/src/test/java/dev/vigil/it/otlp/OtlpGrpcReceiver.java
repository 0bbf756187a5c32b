package dev.vigil.it.otlp;

import io.grpc.Server;
import io.grpc.Status;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.stub.StreamObserver;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceRequest;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceResponse;
import io.opentelemetry.proto.collector.logs.v1.LogsServiceGrpc;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceResponse;
import io.opentelemetry.proto.collector.metrics.v1.MetricsServiceGrpc;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceResponse;
import io.opentelemetry.proto.collector.trace.v1.TraceServiceGrpc;
import java.io.IOException;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * OTLP/gRPC on grpc-netty-shaded, serving the collector services generated into the
 * opentelemetry-proto artifact. gzip-compressed calls are decompressed by gRPC itself.
 */
final class OtlpGrpcReceiver extends OtlpReceiver {
    private Server server;

    @Override
    public OtlpProtocol protocol() {
        return OtlpProtocol.GRPC;
    }

    @Override
    int bind(InetSocketAddress address) throws IOException {
        Server created = NettyServerBuilder.forAddress(address)
                .addService(new TraceServiceGrpc.TraceServiceImplBase() {
                    @Override
                    public void export(ExportTraceServiceRequest request, StreamObserver<ExportTraceServiceResponse> response) {
                        answer(request, telemetry()::add, ExportTraceServiceResponse.getDefaultInstance(), response);
                    }
                })
                .addService(new MetricsServiceGrpc.MetricsServiceImplBase() {
                    @Override
                    public void export(ExportMetricsServiceRequest request, StreamObserver<ExportMetricsServiceResponse> response) {
                        answer(request, telemetry()::add, ExportMetricsServiceResponse.getDefaultInstance(), response);
                    }
                })
                .addService(new LogsServiceGrpc.LogsServiceImplBase() {
                    @Override
                    public void export(ExportLogsServiceRequest request, StreamObserver<ExportLogsServiceResponse> response) {
                        answer(request, telemetry()::add, ExportLogsServiceResponse.getDefaultInstance(), response);
                    }
                })
                .build();
        try {
            created.start();
        } catch (IOException e) {
            // gRPC wraps the bind failure; OtlpReceiver retries a rebind only on BindException
            if (e.getCause() instanceof BindException) throw (BindException) e.getCause();
            throw e;
        }
        server = created;
        return created.getPort();
    }

    @Override
    void unbind() {
        server.shutdownNow();
        try {
            server.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private <Q, R> void answer(Q request, Consumer<Q> store, R emptyResponse, StreamObserver<R> response) {
        if (!admit()) {
            response.onError(Status.UNAVAILABLE.withDescription("receiver is refusing requests").asRuntimeException());
            return;
        }
        store.accept(request);
        response.onNext(emptyResponse);
        response.onCompleted();
    }
}
