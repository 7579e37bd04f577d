// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {Ownable} from "@openzeppelin/contracts/access/Ownable.sol";
import {ERC20} from "@openzeppelin/contracts/token/ERC20/ERC20.sol";
import {ERC20Permit} from "@openzeppelin/contracts/token/ERC20/extensions/ERC20Permit.sol";

/// @title DevnetUSD (dUSD)
/// @notice A test USD stable token for the local devnet only: the quote asset of the GLT/USD
/// Uniswap V2 pool and the treasury's buy-back currency. 18 decimals (unlike USDC's 6) so
/// amounts read the same as GLT's. Its owner (the devnet deployer) mints at will, which is
/// exactly why it must never be deployed anywhere that matters.
contract DevnetUSD is ERC20, ERC20Permit, Ownable {
    /// @param owner_ Account allowed to mint (the devnet deployer).
    constructor(address owner_)
        ERC20("Devnet USD", "dUSD")
        ERC20Permit("Devnet USD")
        Ownable(owner_)
    {}

    /// @notice Mints test dollars; only the owner.
    /// @param to Receiver.
    /// @param amount Tokens (18 decimals) to mint.
    function mint(address to, uint256 amount) external onlyOwner {
        _mint(to, amount);
    }
}
