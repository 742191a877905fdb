package io.flowcast.stream.local.simulator;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import software.amazon.awssdk.services.kinesis.model.PutRecordsRequest;
import software.amazon.awssdk.services.kinesis.model.PutRecordsRequestEntry;
import software.amazon.awssdk.services.kinesis.model.PutRecordsResponse;
import software.amazon.awssdk.services.kinesis.model.PutRecordsResultEntry;

/**
 * A stand-in for the Kinesis PutRecords call: keeps every request, stores accepted records, and
 * fails the entries it is told to fail (per payload, a number of times), or the whole call.
 */
final class FakeKinesis implements KinesisPublisher.PutRecordsCall {

    private final List<PutRecordsRequest> requests = new ArrayList<>();
    private final List<String> accepted = new ArrayList<>();
    private final Map<String, Integer> failuresLeft = new HashMap<>();
    private Supplier<RuntimeException> callFailure;

    /** The entry with this payload fails the next {@code times} times it is sent. */
    FakeKinesis failEntry(String payload, int times) {
        failuresLeft.put(payload, times);
        return this;
    }

    /** Every call throws what the supplier gives. */
    FakeKinesis failCalls(Supplier<RuntimeException> failure) {
        this.callFailure = failure;
        return this;
    }

    @Override
    public PutRecordsResponse putRecords(PutRecordsRequest request) {
        requests.add(request);
        if (callFailure != null) {
            throw callFailure.get();
        }
        List<PutRecordsResultEntry> results = new ArrayList<>();
        int failed = 0;
        for (PutRecordsRequestEntry entry : request.records()) {
            String payload = entry.data().asString(StandardCharsets.UTF_8);
            int left = failuresLeft.getOrDefault(payload, 0);
            if (left > 0) {
                failuresLeft.put(payload, left - 1);
                failed++;
                results.add(
                        PutRecordsResultEntry.builder()
                                .errorCode("ProvisionedThroughputExceededException")
                                .errorMessage("Rate exceeded for shard shardId-000000000000")
                                .build());
            } else {
                accepted.add(payload);
                results.add(
                        PutRecordsResultEntry.builder()
                                .shardId("shardId-000000000000")
                                .sequenceNumber(String.valueOf(accepted.size()))
                                .build());
            }
        }
        return PutRecordsResponse.builder().failedRecordCount(failed).records(results).build();
    }

    List<PutRecordsRequest> requests() {
        return requests;
    }

    /** Payloads of the entries in request {@code i}. */
    List<String> payloadsOf(int i) {
        List<String> out = new ArrayList<>();
        for (PutRecordsRequestEntry e : requests.get(i).records()) {
            out.add(e.data().asString(StandardCharsets.UTF_8));
        }
        return out;
    }

    /** Payloads accepted, in the order they were accepted. */
    List<String> accepted() {
        return accepted;
    }
}
