package io.reservoir.platform.tenancy;

import java.util.List;

/** A new workspace with its admin and the keys asked for; the secrets are shown this once. */
public record CreatedWorkspace(ClientWorkspace workspace, User admin, List<IssuedKey> keys) {}
