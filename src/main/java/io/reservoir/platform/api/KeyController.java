package io.reservoir.platform.api;

import io.reservoir.platform.tenancy.ApiKey;
import io.reservoir.platform.tenancy.ApiKeys;
import io.reservoir.platform.tenancy.Caller;
import io.reservoir.platform.tenancy.IssuedKey;
import io.reservoir.platform.tenancy.KeyKind;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/api/v1/keys")
class KeyController {

    private final ApiKeys keys;

    KeyController(ApiKeys keys) {
        this.keys = keys;
    }

    record NewKey(@NotBlank String kind, @NotBlank String name) {}

    @GetMapping
    Page<ApiKey> list(Caller caller) {
        return Page.of(keys.list(caller));
    }

    /** The answer carries the secret; it is not shown again. */
    @PostMapping
    @ResponseStatus(HttpStatus.CREATED)
    IssuedKey issue(Caller caller, @Valid @RequestBody NewKey body) {
        return keys.issue(caller, KeyKind.parse("kind", body.kind()), body.name());
    }

    @DeleteMapping("/{id}")
    ApiKey revoke(Caller caller, @PathVariable long id) {
        return keys.revoke(caller, id);
    }
}
