package io.strata.command.auth;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.validation.Valid;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/** {@code /api/v1/auth}: the only routes that need no access token. */
@RestController
@RequestMapping(path = "/api/v1/auth", consumes = MediaType.APPLICATION_JSON_VALUE)
class AuthController {

    private final Signup signup;
    private final Sessions sessions;

    AuthController(Signup signup, Sessions sessions) {
        this.signup = signup;
        this.sessions = sessions;
    }

    @PostMapping("/signup")
    @ResponseStatus(HttpStatus.CREATED)
    AuthResponses.SignedUp signUp(@Valid @RequestBody AuthRequests.Signup request) {
        return signup.signUp(request);
    }

    @PostMapping("/login")
    AuthResponses.Tokens login(@Valid @RequestBody AuthRequests.Login request, HttpServletRequest http) {
        return sessions.login(request, http.getRemoteAddr());
    }

    @PostMapping("/refresh")
    AuthResponses.Tokens refresh(@Valid @RequestBody AuthRequests.Refresh request) {
        return sessions.refresh(request);
    }
}
