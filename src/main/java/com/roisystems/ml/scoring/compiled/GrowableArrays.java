package com.roisystems.ml.scoring.compiled;

import java.util.Arrays;

/**
 * Append-only primitive arrays for building the compiled node and SHAP tables at load time, without
 * boxing millions of values into lists.
 */
final class GrowableArrays {

    private GrowableArrays() {
    }

    static final class Ints {
        private int[] a = new int[256];
        private int n;

        void add(int v) {
            if (n == a.length) {
                a = Arrays.copyOf(a, n * 2);
            }
            a[n++] = v;
        }

        void set(int i, int v) {
            a[i] = v;
        }

        int size() {
            return n;
        }

        int[] toArray() {
            return Arrays.copyOf(a, n);
        }
    }

    static final class Doubles {
        private double[] a = new double[256];
        private int n;

        void add(double v) {
            if (n == a.length) {
                a = Arrays.copyOf(a, n * 2);
            }
            a[n++] = v;
        }

        int size() {
            return n;
        }

        double[] toArray() {
            return Arrays.copyOf(a, n);
        }
    }
}
