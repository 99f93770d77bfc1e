package io.reservoir.platform.web;

import java.io.IOException;

/** Thrown while reading a request body that grows past the limit without announcing its length. */
final class BodyTooLarge extends IOException {

    BodyTooLarge(long limit) {
        super("request body is larger than " + limit + " bytes");
    }
}
