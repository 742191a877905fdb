package io.flowcast.stream.local.sagemaker;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import ml.dmlc.xgboost4j.java.Booster;
import ml.dmlc.xgboost4j.java.DMatrix;
import ml.dmlc.xgboost4j.java.XGBoost;
import ml.dmlc.xgboost4j.java.XGBoostError;

/**
 * One registered version loaded for scoring: its metadata and a small pool of XGBoost boosters read
 * from its {@code model.tar.gz}.
 *
 * <p><b>Threads.</b> XGBoost4J does not promise that one {@link Booster} predicts safely from
 * several threads, so each call to {@link #predict(FeatureRows)} borrows a booster of its own from
 * the pool (waiting if all are busy) and returns it afterwards. Each booster predicts with one
 * XGBoost thread ({@code nthread=1}): parallelism comes from concurrent requests, and the pool size
 * bounds it. All rows of one request go into one {@link DMatrix}.
 *
 * <p><b>Lifetime.</b> The server swaps versions while requests are in flight: callers {@link
 * #retain()} before use and {@link #release()} after; {@link #retire()} marks the model as
 * replaced, and its native memory is freed when the last user releases it.
 */
public final class ScoringModel {

    private final RegisteredModel registered;
    private final BlockingQueue<Booster> pool;
    private final List<Booster> all;
    private int users;
    private boolean retired;
    private boolean disposed;

    private ScoringModel(RegisteredModel registered, List<Booster> boosters) {
        this.registered = registered;
        this.all = boosters;
        this.pool = new ArrayBlockingQueue<>(boosters.size(), false, boosters);
    }

    /**
     * Loads {@code poolSize} boosters from the version's archive.
     *
     * @throws IOException if the archive cannot be read or XGBoost rejects the model; the message
     *     names the version
     */
    public static ScoringModel load(RegisteredModel registered, int poolSize) throws IOException {
        if (poolSize < 1) {
            throw new IllegalArgumentException("poolSize must be at least 1, got " + poolSize);
        }
        byte[] model = ModelArchive.readModel(registered.modelArchive());
        List<Booster> boosters = new ArrayList<>(poolSize);
        try {
            for (int i = 0; i < poolSize; i++) {
                Booster booster = XGBoost.loadModel(model);
                booster.setParam("nthread", 1);
                boosters.add(booster);
            }
            int modelFeatures = (int) boosters.get(0).getNumFeature();
            int declared = registered.metadata().featureNames().size();
            if (modelFeatures > declared) {
                throw new IOException(
                        registered
                                + ": the booster uses "
                                + modelFeatures
                                + " features but metadata.json lists "
                                + declared);
            }
        } catch (XGBoostError e) {
            boosters.forEach(Booster::dispose);
            throw new IOException(registered + ": XGBoost cannot load the model: " + e, e);
        } catch (IOException | RuntimeException e) {
            boosters.forEach(Booster::dispose);
            throw e;
        }
        return new ScoringModel(registered, boosters);
    }

    public RegisteredModel registered() {
        return registered;
    }

    public ModelMetadata metadata() {
        return registered.metadata();
    }

    public String version() {
        return registered.version();
    }

    /** The number of features (CSV columns) one row must have. */
    public int featureCount() {
        return registered.metadata().featureNames().size();
    }

    /**
     * Scores all rows in one batch.
     *
     * @return one prediction per row
     * @throws IllegalStateException if the model has been disposed (callers retain it first)
     * @throws XGBoostError if XGBoost fails
     */
    public float[] predict(FeatureRows rows) throws XGBoostError, InterruptedException {
        if (rows.columns() != featureCount()) {
            throw new IllegalArgumentException(
                    "expected " + featureCount() + " columns, got " + rows.columns());
        }
        Booster booster = pool.take();
        try {
            synchronized (this) {
                if (disposed) {
                    throw new IllegalStateException(registered + " has been disposed");
                }
            }
            DMatrix matrix = new DMatrix(rows.values(), rows.rows(), rows.columns(), Float.NaN);
            try {
                float[][] raw = booster.predict(matrix);
                float[] predictions = new float[raw.length];
                for (int i = 0; i < raw.length; i++) {
                    predictions[i] = raw[i][0];
                }
                return predictions;
            } finally {
                matrix.dispose();
            }
        } finally {
            pool.add(booster);
        }
    }

    /** Registers a user; false if the model has been retired (then do not use it). */
    public synchronized boolean retain() {
        if (retired) {
            return false;
        }
        users++;
        return true;
    }

    /** Ends a use started by {@link #retain()}. */
    public void release() {
        boolean dispose;
        synchronized (this) {
            users--;
            dispose = retired && users == 0 && !disposed;
            if (dispose) {
                disposed = true;
            }
        }
        if (dispose) {
            all.forEach(Booster::dispose);
        }
    }

    /** Marks the model as replaced; frees it now if nobody uses it, else at the last release. */
    public void retire() {
        boolean dispose;
        synchronized (this) {
            retired = true;
            dispose = users == 0 && !disposed;
            if (dispose) {
                disposed = true;
            }
        }
        if (dispose) {
            all.forEach(Booster::dispose);
        }
    }

    /** Whether the native boosters have been freed. */
    public synchronized boolean isDisposed() {
        return disposed;
    }
}
