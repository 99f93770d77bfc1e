package io.reservoir.platform.api;

import io.reservoir.platform.tenancy.Caller;
import io.reservoir.platform.tenancy.Role;
import io.reservoir.platform.tenancy.User;
import io.reservoir.platform.tenancy.Users;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/api/v1/users")
class UserController {

    private final Users users;

    UserController(Users users) {
        this.users = users;
    }

    record NewUser(
            @NotBlank String username,
            String displayName,
            @NotBlank String role,
            @NotBlank String password) {}

    record UserChanges(String displayName, String role, Boolean enabled) {}

    record NewPassword(@NotBlank String password) {}

    @GetMapping
    Page<User> list(Caller caller) {
        return Page.of(users.list(caller));
    }

    @GetMapping("/{id}")
    User get(Caller caller, @PathVariable long id) {
        return users.get(caller, id);
    }

    @PostMapping
    @ResponseStatus(HttpStatus.CREATED)
    User create(Caller caller, @Valid @RequestBody NewUser body) {
        return users.create(
                caller, body.username(), body.displayName(), Role.parse("role", body.role()), body.password());
    }

    @PatchMapping("/{id}")
    User update(Caller caller, @PathVariable long id, @RequestBody UserChanges body) {
        Role role = body.role() == null ? null : Role.parse("role", body.role());
        return users.update(caller, id, body.displayName(), role, body.enabled());
    }

    @PutMapping("/{id}/password")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    void password(Caller caller, @PathVariable long id, @Valid @RequestBody NewPassword body) {
        users.changePassword(caller, id, body.password());
    }
}
