package com.roisystems.ml.simulate;

import java.util.SplittableRandom;
import java.util.UUID;

/**
 * A seeded random stream with the distributions the story needs. Each user gets streams of their own,
 * derived from (seed, purpose, user number), so a user's data does not depend on how many users came
 * before, and the world, the homeowners and their behaviour can be regenerated independently.
 *
 * <p>{@code SimRandom rng = SimRandom.stream(seed, SimRandom.BEHAVIOUR, 17); UUID id = rng.uuid();}
 */
final class SimRandom {

    static final long WORLD = 1;
    static final long HOMEOWNER = 2;
    static final long BEHAVIOUR = 3;
    static final long TENANT = 4;
    static final long SHIFT = 5;

    private final SplittableRandom random;

    private SimRandom(long seed) {
        this.random = new SplittableRandom(seed);
    }

    static SimRandom stream(long seed, long purpose, long index) {
        return new SimRandom(mix(mix(mix(seed) ^ purpose * 0x9E3779B97F4A7C15L) ^ index));
    }

    /** SplitMix64's finaliser: neighbouring inputs give unrelated seeds. */
    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    double uniform() {
        return random.nextDouble();
    }

    double uniform(double low, double high) {
        return low + (high - low) * random.nextDouble();
    }

    int nextInt(int bound) {
        return random.nextInt(bound);
    }

    int between(int low, int highInclusive) {
        return low + random.nextInt(highInclusive - low + 1);
    }

    boolean chance(double probability) {
        return random.nextDouble() < probability;
    }

    double gaussian() {
        // Box–Muller on our own stream: Random.nextGaussian's caching would tie values to call history.
        double u1 = 1.0 - random.nextDouble();
        double u2 = random.nextDouble();
        return Math.sqrt(-2.0 * Math.log(u1)) * Math.cos(2.0 * Math.PI * u2);
    }

    double logNormal(double sigma) {
        return Math.exp(sigma * gaussian() - sigma * sigma / 2.0);
    }

    /** Gamma with mean 1 and the given shape (Marsaglia–Tsang); used as the mixing term of negative binomials. */
    double gammaMeanOne(double shape) {
        if (shape < 1.0) {
            return gammaMeanOne(shape + 1.0) * Math.pow(uniform(), 1.0 / shape) * (shape + 1.0) / shape;
        }
        double d = shape - 1.0 / 3.0;
        double c = 1.0 / Math.sqrt(9.0 * d);
        while (true) {
            double x = gaussian();
            double v = 1.0 + c * x;
            if (v <= 0) {
                continue;
            }
            v = v * v * v;
            double u = uniform();
            if (u < 1.0 - 0.0331 * x * x * x * x || Math.log(u) < 0.5 * x * x + d * (1.0 - v + Math.log(v))) {
                return d * v / shape;
            }
        }
    }

    int poisson(double mean) {
        if (mean <= 0) {
            return 0;
        }
        if (mean > 30) {
            return Math.max(0, (int) Math.round(mean + Math.sqrt(mean) * gaussian()));
        }
        double limit = Math.exp(-mean);
        double product = random.nextDouble();
        int count = 0;
        while (product > limit) {
            product *= random.nextDouble();
            count++;
        }
        return count;
    }

    /** Negative binomial as a gamma–Poisson mixture: over-dispersed counts, as real activity is. */
    int negativeBinomial(double mean, double shape) {
        return poisson(mean * gammaMeanOne(shape));
    }

    <T> T pick(T[] options) {
        return options[random.nextInt(options.length)];
    }

    /** An index drawn in proportion to {@code weights}. */
    int weighted(double[] weights) {
        double total = 0;
        for (double weight : weights) {
            total += weight;
        }
        double target = random.nextDouble() * total;
        for (int i = 0; i < weights.length; i++) {
            target -= weights[i];
            if (target < 0) {
                return i;
            }
        }
        return weights.length - 1;
    }

    /** A version-4-shaped UUID from this stream, so event ids are reproducible. */
    UUID uuid() {
        long most = (random.nextLong() & 0xFFFFFFFFFFFF0FFFL) | 0x0000000000004000L;
        long least = (random.nextLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L;
        return new UUID(most, least);
    }

    /** A short hex token for ids such as document and listing ids. */
    String token() {
        return Long.toHexString(random.nextLong() >>> 16);
    }
}
